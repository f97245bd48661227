import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { HttpOutcome } from '../server/error-body';
import { isJsonObject } from '../memory/json-value';

/** `_meta` key of a held call's escalation: its id, why, and where to follow it. */
export const ESCALATION_META_KEY = 'l9/escalation';
/** `_meta` key of a refused or failed call: the HTTP status and error body the endpoint's own route would answer. */
export const ERROR_META_KEY = 'l9/error';

/** Where a tool result leads a caller who wants more: the agent's route prefix. */
export interface ToolResultContext {
  routePrefix: string;
}

function parsedBody(outcome: HttpOutcome): unknown {
  if (typeof outcome.body !== 'string') return outcome.body;
  try {
    return JSON.parse(outcome.body) as unknown;
  } catch {
    return outcome.body;
  }
}

/**
 * A held call as a tool result. It is `isError: true` because the call has not produced the tool's result: a
 * client must not take the notice for it, and a tool with an `outputSchema` may only answer without structured
 * content as an error. The text tells a model (and its user) that the work is held, not failed, and that calling
 * again would ask for it a second time.
 */
function heldResult(tool: Tool, body: Record<string, unknown>, context: ToolResultContext): CallToolResult {
  const id = String(body['escalation_id']);
  const follow = `/${context.routePrefix}/escalations/${id}`;
  const text = [
    `${tool.name} is held for governance review (escalation ${id}): ${String(body['reason'])}.`,
    'It runs once, when an anchor approves it; do not call the tool again for the same work.',
    `Follow it with GET ${follow} (send the same Authorization: Bearer caller token when packet auth is on), or on the event stream's governance.resolved topic;`,
    'an L9-Callback-Url header on the call has the outcome posted to that URL.',
  ].join(' ');
  return {
    isError: true,
    content: [{ type: 'text', text }],
    _meta: { [ESCALATION_META_KEY]: { ...body, status_url: follow, event_topic: 'governance.resolved' } },
  };
}

function failedResult(outcome: HttpOutcome, body: unknown): CallToolResult {
  const fields = isJsonObject(body) ? body : {};
  const message =
    typeof fields['message'] === 'string'
      ? fields['message']
      : `the call failed with HTTP ${outcome.statusCode}`;
  const code = typeof fields['error'] === 'string' ? `${fields['error']}: ` : '';
  return {
    isError: true,
    content: [{ type: 'text', text: `${code}${message}` }],
    _meta: { [ERROR_META_KEY]: { status: outcome.statusCode, ...fields } },
  };
}

/**
 * What an endpoint call answered, as the MCP tool result: the module's answer as JSON text, and as
 * `structuredContent` when it is an object (required when the tool declares an `outputSchema`); a held call
 * (202) as a held notice; a refusal or failure (4xx, 5xx) as a tool error carrying the endpoint's own message,
 * which names the bad field for a schema violation.
 */
export function toolResultOf(tool: Tool, outcome: HttpOutcome, context: ToolResultContext): CallToolResult {
  const body = parsedBody(outcome);
  if (outcome.statusCode === 202 && isJsonObject(body) && body['status'] === 'escalated')
    return heldResult(tool, body, context);
  if (outcome.statusCode >= 300) return failedResult(outcome, body);
  if (body === undefined)
    return { content: [{ type: 'text', text: `${tool.name} completed with no result` }] };
  const text = JSON.stringify(body);
  return isJsonObject(body)
    ? { content: [{ type: 'text', text }], structuredContent: body }
    : { content: [{ type: 'text', text }] };
}
