import type { EndpointSpec } from '../../../schema';
import type { AgentRenderContext } from './render-context';

/**
 * The agent's README section on A2A: a client built with the official `@a2a-js/sdk` that reads the agent's card
 * and sends `example` (a skill, named in `metadata.skill`) `exampleJson` as the message's data part; a caller
 * token goes as the `authorization` service parameter (an HTTP header on the JSON-RPC binding). It says how the
 * task ends, held tasks included, and how to check the card's signature.
 */
export function a2aClientSection(
  ctx: AgentRenderContext,
  example: EndpointSpec | undefined,
  exampleJson: string,
): string[] {
  const base = `http://localhost:${ctx.planned.port}`;
  const skill = example ? `, metadata: { skill: '${example.name}' }` : '';
  return [
    '### A2A (agents of other vendors)',
    '',
    `The Agent Card is at \`${base}/.well-known/agent-card.json\`, signed with the agent's key (\`L9_AGENT_SIGNING_KEY\`,`,
    `published at \`${base}/.well-known/jwks.json\`); JSON-RPC is at \`${base}/${ctx.spec.route_prefix}/a2a\`. Each endpoint is a`,
    "skill with the endpoint's name; a message's data part is the skill's input and `metadata.skill` names the skill",
    `(without it, the first endpoint${ctx.spec.endpoints[0] ? `, \`${ctx.spec.endpoints[0].name}\`,` : ''} takes the message). With the official JavaScript SDK`,
    '(`npm install @a2a-js/sdk`):',
    '',
    '```ts',
    "import { randomUUID } from 'node:crypto';",
    "import { SendMessageRequest } from '@a2a-js/sdk';",
    "import { ClientFactory } from '@a2a-js/sdk/client';",
    '',
    'const token = process.env.L9_CALLER_TOKEN;',
    'const asCaller = { serviceParameters: token ? { authorization: `Bearer ${token}` } : {} };',
    `const client = await new ClientFactory().createFromUrl('${base}');`,
    'const request = SendMessageRequest.fromJSON({',
    `  message: { messageId: randomUUID(), role: 'ROLE_USER', parts: [{ data: ${exampleJson} }]${skill} },`,
    '});',
    'const task = await client.sendMessage(request, asCaller);',
    'console.log(task);',
    '```',
    '',
    'The task ends `TASK_STATE_COMPLETED` with the result as its artifact, or `TASK_STATE_REJECTED` saying why (input off',
    "the skill's schema names the field). A call governance escalates is `TASK_STATE_AUTH_REQUIRED` until an anchor resolves",
    "its escalation (named in the status message); follow it with `client.getTask({ id: task.id, tenant: '' }, asCaller)`.",
    'To check the card, verify it as fetched with `verifyAgentCardSignature` from `@a2a-js/sdk` and the key you pinned.',
    '',
  ];
}
