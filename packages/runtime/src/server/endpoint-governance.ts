import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { JsonObject } from '../envelope/envelope-schema';
import { isJsonObject } from '../memory/json-value';
import { isBackendUnavailable } from './backend-unavailable-error';
import { errorOutcome, type HttpOutcome } from './error-body';
import { requestHeader } from './request-header';
import type { GovernanceGate, GovernanceVerdict } from './server-hooks';
import type { AgentIdentity, EndpointDefinition } from './server-options';

/** Optional request headers an endpoint call carries to governance. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const CALLBACK_URL_HEADER = 'l9-callback-url';
export const GOVERNANCE_FLAGS_HEADER = 'l9-governance-flags';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const FLAG = /^[A-Za-z0-9._:-]{1,64}$/;

/** A callback must be an absolute http(s) URL; anything else would be a place the agent later posts to blindly. */
function callbackUrl(text: string | undefined): { url?: string } | { error: string } {
  if (text === undefined) return {};
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return { url: url.href };
  } catch {
    // Reported below with the header's name.
  }
  return { error: 'the L9-Callback-Url header must be an absolute http or https URL' };
}

/** What governance made of an admitted call, and the id it knows the call by. */
export interface GovernedCall {
  /** The call's id: its Idempotency-Key (else a fresh id); an escalation holds the call under it. */
  id: string;
  verdict: GovernanceVerdict | undefined;
}

/**
 * Puts a declared endpoint call through the agent's governance gate, like a packet: the payload's fields are its
 * signals, `L9-Governance-Flags` (comma-separated) its flags, the endpoint name its action, and the call's
 * id (`idempotencyKey` when the agent set one, else the `Idempotency-Key` header, else a fresh id) its packet
 * id. Returns the verdict (undefined when nothing was evaluated) for the caller to audit and act on — escalated
 * → 202 with the escalation id (the held work, `kind: 'endpoint'`, runs when an anchor approves), denied → 403,
 * allowed → run it now — or the refusal of a malformed governance header, or a failed evaluation (503, 500).
 * GET endpoints are reads and are not governed: their query strings carry text, never the numbers rules compare.
 */
export async function governEndpointCall(
  endpoint: EndpointDefinition<unknown>,
  request: FastifyRequest,
  call: { caller: string; payload: unknown; idempotencyKey?: string },
  context: { identity: AgentIdentity; governance?: GovernanceGate },
): Promise<GovernedCall | HttpOutcome> {
  if (!context.governance || endpoint.method === 'GET')
    return { id: call.idempotencyKey ?? randomUUID(), verdict: undefined };
  // A key the agent gives the call (an A2A task's) is its own; only a caller's header needs checking.
  const key = call.idempotencyKey ?? requestHeader(request, IDEMPOTENCY_KEY_HEADER);
  if (key !== undefined && key !== call.idempotencyKey && !IDEMPOTENCY_KEY.test(key))
    return errorOutcome(
      400,
      'invalid_idempotency_key',
      'the Idempotency-Key header must be 1-200 visible ASCII characters',
    );
  const callback = callbackUrl(requestHeader(request, CALLBACK_URL_HEADER));
  if ('error' in callback) return errorOutcome(400, 'invalid_callback_url', callback.error);
  const flagsHeader = requestHeader(request, GOVERNANCE_FLAGS_HEADER);
  const flags =
    flagsHeader === undefined
      ? []
      : flagsHeader
          .split(',')
          .map((flag) => flag.trim())
          .filter((flag) => flag !== '');
  const badFlag = flags.find((flag) => !FLAG.test(flag));
  if (badFlag !== undefined)
    return errorOutcome(
      400,
      'invalid_governance_flags',
      'each L9-Governance-Flags entry must be 1-64 letters, digits or . _ : -',
    );
  const payload = (isJsonObject(call.payload) ? call.payload : { value: call.payload }) as JsonObject;
  const id = key ?? randomUUID();
  try {
    const verdict = await context.governance.evaluate({
      agent_id: context.identity.id,
      action: endpoint.name,
      packet_id: id,
      source_agent: call.caller,
      priority: 'normal',
      governance_flags: flags,
      payload,
      work: {
        kind: 'endpoint',
        endpoint: endpoint.name,
        payload,
        caller: call.caller,
        ...(callback.url ? { callback_url: callback.url } : {}),
      },
    });
    return { id, verdict };
  } catch (error) {
    if (isBackendUnavailable(error)) return errorOutcome(503, 'backend_unavailable', error.message);
    request.log.error({ err: error, endpoint: endpoint.name }, 'endpoint governance failed');
    return errorOutcome(500, 'handler_error', `governance failed while admitting ${endpoint.name}`);
  }
}

/** The answer to a call governance did not allow: 403 when denied, 202 with the escalation when held. */
export function governedRefusal(call: GovernedCall): HttpOutcome | undefined {
  const { verdict, id } = call;
  if (verdict === undefined || verdict.outcome === 'allow') return undefined;
  if (verdict.outcome === 'deny')
    return errorOutcome(403, 'governance_denied', verdict.reason, { idempotency_key: id });
  return {
    statusCode: 202,
    body: {
      status: 'escalated',
      escalation_id: verdict.escalation_id,
      reason: verdict.reason,
      idempotency_key: id,
    },
  };
}
