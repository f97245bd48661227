import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applyOutputBounds } from '../guards/output-bounds';
import type { RateLimiter } from '../guards/rate-limiter';
import { findUnstorableText } from '../guards/unstorable-text';
import { isBackendUnavailable } from './backend-unavailable-error';
import { errorOutcome, HttpOutcome } from './error-body';
import type { AgentIdentity, EndpointDefinition, ServerSettings } from './server-options';
import { EndpointError } from './endpoint-error';
import { refuseOffContractRequest, refuseOffContractResponse } from './endpoint-contract-check';
import { identifyEndpointCaller } from './endpoint-caller';
import { governedRefusal, governEndpointCall } from './endpoint-governance';
import type { AuditSink, EndpointDoor, GovernanceGate } from './server-hooks';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** What admits an endpoint call: the same identity rules, rate limiter, governance gate and audit log as packets. */
export interface EndpointAdmissionContext {
  identity: AgentIdentity;
  settings: ServerSettings;
  limiter: RateLimiter;
  governance?: GovernanceGate;
  /** Where each admitted call is recorded before it runs; a failed write answers 503 and runs nothing. */
  audit?: AuditSink;
  now: () => number;
}

/** Where a call came from, for its audit entry, and the id the agent gives it (an A2A call's is its task's). */
export interface EndpointCallOrigin {
  door: EndpointDoor;
  /** Takes the place of the caller's `Idempotency-Key` header. */
  idempotencyKey?: string;
  taskId?: string;
}

const OWN_ROUTE: EndpointCallOrigin = { door: 'http' };

/**
 * Serves every declared endpoint at exactly its path and method: caller identity (401, see endpoint-caller.ts) →
 * rate limit per identity (429) → payload validation and the request schema (400, see endpoint-contract-check.ts)
 * → governance → one audit entry (`endpoint.called`, whatever governance said; 503 when it cannot be written)
 * → 202 escalated / 403 denied (see endpoint-governance.ts) → handler within its timeout → the response schema
 * (500 when the answer breaks it) → output bounds. Refusals before governance leave no entry, as for packets.
 */
export function registerEndpointRoutes(
  app: FastifyInstance,
  endpoints: EndpointDefinition<unknown>[],
  admission: EndpointAdmissionContext,
): void {
  const seen = new Map<string, string>();
  for (const endpoint of endpoints) {
    const key = `${endpoint.method} ${endpoint.path}`;
    const clash = seen.get(key);
    if (clash) throw new Error(`endpoints ${clash} and ${endpoint.name} both declare ${key}`);
    if (!(endpoint.timeout_ms > 0)) throw new Error(`endpoint ${endpoint.name}: timeout_ms must be positive`);
    seen.set(key, endpoint.name);
    app.route({
      method: endpoint.method,
      url: endpoint.path,
      handler: async (request, reply) => send(reply, await runEndpoint(endpoint, request, admission)),
    });
  }
}

function send(reply: FastifyReply, outcome: HttpOutcome): FastifyReply {
  if (outcome.headers) void reply.headers(outcome.headers);
  if (outcome.body === undefined) return reply.code(204).send();
  return reply.code(outcome.statusCode).send(outcome.body);
}

async function runEndpoint(
  endpoint: EndpointDefinition<unknown>,
  request: FastifyRequest,
  admission: EndpointAdmissionContext,
): Promise<HttpOutcome> {
  const input = BODY_METHODS.has(endpoint.method) ? (request.body ?? {}) : (request.query ?? {});
  return runEndpointCall(endpoint, request, input, admission, OWN_ROUTE);
}

/**
 * One call of a declared endpoint with `input` as its payload, admitted exactly as its own route admits it
 * (caller from `request`'s headers, rate limit, validation, governance, audit, timeout, output bounds). The
 * other doors to an endpoint (MCP tools, A2A skills) call this so a call is the same call whichever door it
 * used; `origin` says which door, for the audit entry.
 */
export async function runEndpointCall(
  endpoint: EndpointDefinition<unknown>,
  request: FastifyRequest,
  input: unknown,
  admission: EndpointAdmissionContext,
  origin: EndpointCallOrigin,
): Promise<HttpOutcome> {
  const identified = await identifyEndpointCaller(endpoint, request, admission);
  if ('statusCode' in identified) return identified;
  const rate = admission.limiter.consume(identified.rateKey);
  if (!rate.allowed) {
    return errorOutcome(
      429,
      'rate_limited',
      `too many calls from ${identified.caller}`,
      { retry_after_seconds: rate.retryAfterSeconds },
      { 'retry-after': String(rate.retryAfterSeconds) },
    );
  }
  // Text no backend can store (NUL, lone surrogates) is refused before the handler can write any of it.
  const unstorable = findUnstorableText(input);
  if (unstorable) {
    const issues = [{ path: unstorable.path, message: unstorable.reason }];
    return errorOutcome(
      400,
      'invalid_payload',
      `payload of ${endpoint.name} is invalid: ${unstorable.path}: ${unstorable.reason}`,
      { issues },
    );
  }
  let payload: unknown = input;
  if (endpoint.payload) {
    const parsed = endpoint.payload.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      }));
      return errorOutcome(
        400,
        'invalid_payload',
        `payload of ${endpoint.name} is invalid: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
        { issues },
      );
    }
    payload = parsed.data;
  }
  const offContract = refuseOffContractRequest(endpoint, payload);
  if (offContract) return offContract;
  const governed = await governEndpointCall(
    endpoint,
    request,
    {
      caller: identified.caller,
      payload,
      ...(origin.idempotencyKey !== undefined ? { idempotencyKey: origin.idempotencyKey } : {}),
    },
    admission,
  );
  if ('statusCode' in governed) return governed;
  // Recorded before the handler runs and before any answer, as a packet is: a call the log cannot hold is not run.
  try {
    await admission.audit?.append({
      action: 'endpoint.called',
      at: new Date(admission.now()).toISOString(),
      call_id: governed.id,
      endpoint: endpoint.name,
      door: origin.door,
      caller: identified.caller,
      ...(origin.taskId !== undefined ? { task_id: origin.taskId } : {}),
      governance: governed.verdict?.outcome ?? 'not_evaluated',
    });
  } catch (error) {
    request.log.warn({ err: error, endpoint: endpoint.name }, 'endpoint call not audited');
    return errorOutcome(
      503,
      'backend_unavailable',
      isBackendUnavailable(error)
        ? error.message
        : `audit is unavailable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const refused = governedRefusal(governed);
  if (refused) return refused;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), endpoint.timeout_ms);
  });
  try {
    const work = Promise.resolve().then(() =>
      endpoint.handler(payload, { signal: controller.signal, headers: request.headers, log: request.log }),
    );
    // A handler that rejects after the timeout has already been answered; its late failure is only logged.
    work.catch(
      (error: unknown) =>
        controller.signal.aborted &&
        request.log.warn({ err: error, endpoint: endpoint.name }, 'endpoint failed after its timeout'),
    );
    const result = await Promise.race([work, timedOut]);
    if (result === 'timeout') {
      controller.abort();
      return errorOutcome(
        504,
        'endpoint_timeout',
        `${endpoint.name} did not finish within ${endpoint.timeout_ms} ms`,
      );
    }
    return refuseOffContractResponse(endpoint, result, request.log) ?? bounded(endpoint, result);
  } catch (error) {
    if (isBackendUnavailable(error)) return errorOutcome(503, 'backend_unavailable', error.message);
    if (error instanceof EndpointError) return errorOutcome(error.statusCode, error.code, error.message);
    request.log.error({ err: error, endpoint: endpoint.name }, 'endpoint failed');
    return errorOutcome(500, 'handler_error', `${endpoint.name} failed`);
  } finally {
    clearTimeout(timer);
  }
}

function bounded(endpoint: EndpointDefinition<unknown>, result: unknown): HttpOutcome {
  if (!endpoint.outputBounds || result === undefined) return { statusCode: 200, body: result };
  const checked = applyOutputBounds(result, endpoint.outputBounds);
  if (!checked.ok)
    return errorOutcome(
      500,
      'output_bounds_violation',
      `${endpoint.name} produced output outside its declared bounds`,
      { violations: checked.violations },
    );
  return { statusCode: 200, body: checked.value };
}
