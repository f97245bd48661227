import type { Message } from '@a2a-js/sdk';
import type { EndpointContract } from '../agent/endpoint-contract';
import type { JsonObject } from '../envelope/envelope-schema';
import { isJsonObject } from '../memory/json-value';

/** Where a message names its skill. */
export const SKILL_METADATA_KEY = 'skill';

export type SkillCall = { skill: EndpointContract; input: JsonObject } | { refusal: string };

function skillList(endpoints: readonly EndpointContract[]): string {
  return endpoints.map((endpoint) => endpoint.name).join(', ');
}

/**
 * Which skill a message asks for and with what input. `metadata.skill` names the skill (an endpoint's name);
 * without it the agent's default skill, its first declared endpoint, takes the message. The input is the
 * message's one data part, a JSON object (what the endpoint takes as its body); a message with text only is
 * taken as `{ "text": "<its text parts, joined by newlines>" }`, which the skill's request schema then accepts
 * or refuses. Anything else is refused with the reason.
 */
export function skillCallOf(message: Message, endpoints: readonly EndpointContract[]): SkillCall {
  const named = message.metadata?.[SKILL_METADATA_KEY];
  if (named !== undefined && typeof named !== 'string')
    return {
      refusal: `metadata.skill must be a string naming one of this agent's skills: ${skillList(endpoints)}`,
    };
  const skill = named === undefined ? endpoints[0] : endpoints.find((endpoint) => endpoint.name === named);
  if (!skill) {
    return {
      refusal:
        named === undefined
          ? 'this agent declares no skills'
          : `this agent has no skill ${JSON.stringify(named)}; its skills are: ${skillList(endpoints)}`,
    };
  }
  const data = message.parts.flatMap((part) =>
    part.content?.$case === 'data' ? [part.content.value as unknown] : [],
  );
  if (data.length > 1)
    return { refusal: `send the input of ${skill.name} as one data part (the message has ${data.length})` };
  if (data.length === 1) {
    const value = data[0];
    if (!isJsonObject(value))
      return {
        refusal: `the data part is the input of ${skill.name} and must be a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}`,
      };
    return { skill, input: value as JsonObject };
  }
  const texts = message.parts.flatMap((part) => (part.content?.$case === 'text' ? [part.content.value] : []));
  if (texts.length === 0)
    return {
      refusal: `the message carries neither a data part (the input of ${skill.name}, a JSON object) nor text`,
    };
  return { skill, input: { text: texts.join('\n') } };
}
