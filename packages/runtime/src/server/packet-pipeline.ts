import type { FastifyBaseLogger } from 'fastify';
import { canonicalFormOf } from '../envelope/canonical-envelope';
import { EnvelopeError } from '../envelope/envelope-error';
import { PacketEnvelope } from '../envelope/envelope-schema';
import { canonicalEnvelopeByteSize, sizeResult } from '../envelope/envelope-size';
import { readEnvelope } from '../envelope/read-envelope';
import { sealChildEnvelope } from '../envelope/seal-child-envelope';
import { verifyEnvelope } from '../envelope/sign-envelope';
import { RateLimiter, rateLimitKey } from '../guards/rate-limiter';
import { findUnstorableText } from '../guards/unstorable-text';
import { isBackendUnavailable } from './backend-unavailable-error';
import { errorOutcome, HttpOutcome, serializedOutcome } from './error-body';
import type { ReplayGate } from './replay-gate';
import { ServerMetrics } from './server-metrics';
import type { AgentIdentity, PacketHandler, ServerSettings } from './server-options';
import type { AuditSink, EventPublisher, GovernanceGate, GovernanceVerdict } from './server-hooks';

/** How far a signed packet's timestamp may be ahead of this agent's clock. */
export const MAX_CLOCK_SKEW_MS = 60_000;

export interface PacketPipelineDeps {
  identity: AgentIdentity;
  settings: ServerSettings;
  handler: PacketHandler;
  replay: ReplayGate;
  limiter: RateLimiter;
  metrics: ServerMetrics;
  audit?: AuditSink;
  governance?: GovernanceGate;
  events?: EventPublisher;
  now: () => number;
}

/**
 * `POST /<prefix>/packets`, in this order:
 *   read (400 invalid_envelope; v1 envelopes are upgraded; NUL or lone surrogates in any string or key) → size (413 payload_too_large) →
 *   integrity and signature (400 content_hash_mismatch: the payload does not match its hash, whoever sent it;
 *   401 unsigned_packet / bad_signature / stale_packet when auth is on) → destination (404 unknown_agent) →
 *   replay rule (see replay-gate.ts: identical retry → first response, other content → 409 replay_conflict,
 *   processed before → 409 replay_refused, beyond what the agent can vouch for → 409 replay_unverifiable,
 *   durable replay store down → 503 backend_unavailable) →
 *   rate limit per verified source_agent, else per client address (429 rate_limited + Retry-After) → governance (403 governance_denied, or 202 with
 *   an escalation) → audit append (503 backend_unavailable when it fails) → handler → signed child envelope (200).
 * Checks before the replay step leave no trace, so a rejected packet can be corrected and sent with its id.
 *
 * `schemaValid` says the body already passed the route's compiled PacketEnvelope v2 schema (see
 * envelope-json-schema.ts), so it is used as is; any other body goes through `readEnvelope` (zod), which
 * upgrades v1 envelopes and names the offending field of an invalid one. Outcomes that reach the replay step
 * carry their body as JSON text (see `serializedOutcome`), which is what the replay cache keeps.
 */
export async function processPacket(
  body: unknown,
  deps: PacketPipelineDeps,
  log: FastifyBaseLogger,
  schemaValid = false,
  clientAddress = 'in-process',
): Promise<HttpOutcome & { replayed?: boolean }> {
  const early = checkEnvelope(body, deps, schemaValid);
  if ('statusCode' in early) {
    deps.metrics.packetRejected((early.body as { error: string }).error);
    return early;
  }
  const envelope = early.envelope;
  const admission = await deps.replay.admit(envelope, log);
  if (admission.kind === 'refused') {
    const held =
      admission.outcome.body.error === 'replay_refused'
        ? await heldEscalation(envelope, deps, log)
        : undefined;
    if (held) return held;
    deps.metrics.packetRejected(admission.outcome.body.error);
    return admission.outcome;
  }
  if (admission.kind === 'duplicate') {
    deps.metrics.idempotentReplay();
    return { ...(await admission.result), replayed: true };
  }
  const handled = await admitAndHandle(envelope, deps, log, clientAddress);
  if (handled.statusCode < 300) deps.metrics.packetAccepted();
  else deps.metrics.packetRejected((handled.body as { error: string }).error);
  const outcome = serializedOutcome(handled);
  await admission.settle(outcome);
  return outcome;
}

/** A resend of a packet an escalation holds (processed before, so refused by the replay step) gets that escalation: 202 with its id. */
async function heldEscalation(
  envelope: PacketEnvelope,
  deps: PacketPipelineDeps,
  log: FastifyBaseLogger,
): Promise<HttpOutcome | undefined> {
  try {
    const held = await deps.governance?.heldFor?.(envelope.packet_id, envelope.content_hash);
    return held && escalated(envelope, held, deps, log);
  } catch (error) {
    log.warn(
      { err: error, packet_id: envelope.packet_id },
      'could not look up the escalation holding a resent packet',
    );
    return undefined;
  }
}

function escalated(
  envelope: PacketEnvelope,
  verdict: { escalation_id: string; reason: string },
  deps: PacketPipelineDeps,
  log: FastifyBaseLogger,
): HttpOutcome {
  return respond(
    envelope,
    202,
    {
      payload: { status: 'escalated', escalation_id: verdict.escalation_id, reason: verdict.reason },
      packet_type: 'governance.escalated',
    },
    deps,
    log,
  );
}

function checkEnvelope(
  body: unknown,
  deps: PacketPipelineDeps,
  schemaValid: boolean,
): { envelope: PacketEnvelope } | HttpOutcome {
  const { identity, settings } = deps;
  let envelope: PacketEnvelope;
  try {
    envelope = schemaValid ? (body as PacketEnvelope) : readEnvelope(body, { destinationAgent: identity.id });
  } catch (error) {
    if (!(error instanceof EnvelopeError)) throw error;
    return errorOutcome(400, 'invalid_envelope', error.message, { field: error.field });
  }
  // Text no backend can store (NUL, lone surrogates) is refused here, before it can fail an audit or memory write.
  const unstorable = findUnstorableText(envelope);
  if (unstorable)
    return errorOutcome(400, 'invalid_envelope', `${unstorable.path}: ${unstorable.reason}`, {
      field: unstorable.path,
    });
  // One canonical serialization serves the size check, the content hash and the signature.
  const form = canonicalFormOf(envelope);
  const size = sizeResult(
    canonicalEnvelopeByteSize(form, envelope.signature),
    settings.limits.maxPacketBytes,
  );
  if (!size.ok)
    return errorOutcome(
      413,
      'payload_too_large',
      `envelope is ${size.bytes} bytes, over the limit of ${size.limit} bytes`,
      { limit: size.limit },
    );
  const verified = verifyEnvelope(envelope, settings.auth.secret, form);
  if (verified.status === 'content_mismatch') {
    return errorOutcome(
      400,
      'content_hash_mismatch',
      'content_hash does not match the sha256 of the canonical payload',
      { expected: verified.expected, actual: verified.actual },
    );
  }
  if (verified.status === 'bad_signature')
    return errorOutcome(401, 'bad_signature', 'the signature does not match the envelope');
  if (settings.auth.required) {
    if (verified.status === 'unsigned')
      return errorOutcome(401, 'unsigned_packet', 'this agent requires signed packets');
    const age = deps.now() - Date.parse(envelope.timestamp);
    if (age > settings.replay.windowMs || age < -MAX_CLOCK_SKEW_MS) {
      return errorOutcome(
        401,
        'stale_packet',
        `timestamp ${envelope.timestamp} is outside the accepted window of ${settings.replay.windowMs} ms`,
      );
    }
  }
  if (envelope.destination_agent !== identity.id && envelope.destination_agent !== identity.name) {
    return errorOutcome(
      404,
      'unknown_agent',
      `this is agent ${identity.id}, not ${envelope.destination_agent}`,
      { destination_agent: envelope.destination_agent },
    );
  }
  return { envelope };
}

async function admitAndHandle(
  envelope: PacketEnvelope,
  deps: PacketPipelineDeps,
  log: FastifyBaseLogger,
  clientAddress: string,
): Promise<HttpOutcome> {
  // With auth on every packet reaching this point has a verified signature, so its source_agent is vouched for;
  // without auth source_agent is whatever the caller wrote, and the bucket is the client address instead.
  const verifiedSource = deps.settings.auth.required && Boolean(deps.settings.auth.secret);
  const rate = deps.limiter.consume(
    rateLimitKey(verifiedSource ? { identity: envelope.source_agent } : { address: clientAddress }),
  );
  if (!rate.allowed) {
    return errorOutcome(
      429,
      'rate_limited',
      `too many packets from ${verifiedSource ? envelope.source_agent : clientAddress}`,
      { retry_after_seconds: rate.retryAfterSeconds },
      { 'retry-after': String(rate.retryAfterSeconds) },
    );
  }
  let verdict: GovernanceVerdict | undefined;
  try {
    verdict = await deps.governance?.evaluate({
      agent_id: deps.identity.id,
      action: envelope.packet_type,
      packet_id: envelope.packet_id,
      source_agent: envelope.source_agent,
      priority: envelope.metadata.priority,
      governance_flags: envelope.metadata.governance_flags,
      payload: envelope.payload,
      // Held as is if it escalates: an approval runs this very envelope, once, and answers its source agent.
      work: { kind: 'packet', envelope },
    });
  } catch (error) {
    return failure(error, 'governance', log);
  }
  try {
    await deps.audit?.append({
      action: 'packet.received',
      at: new Date(deps.now()).toISOString(),
      packet_id: envelope.packet_id,
      packet_type: envelope.packet_type,
      source_agent: envelope.source_agent,
      destination_agent: envelope.destination_agent,
      trace_id: envelope.metadata.trace_id,
      content_hash: envelope.content_hash,
      governance: verdict?.outcome ?? 'not_evaluated',
    });
  } catch (error) {
    return failure(error, 'audit', log, true);
  }
  if (verdict?.outcome === 'deny')
    return errorOutcome(403, 'governance_denied', verdict.reason, { packet_id: envelope.packet_id });
  if (verdict?.outcome === 'escalate') return escalated(envelope, verdict, deps, log);
  // Most handlers never look at the signal: create the controller only for one that does.
  let controller: AbortController | undefined;
  const context = {
    log,
    get signal(): AbortSignal {
      controller ??= new AbortController();
      return controller.signal;
    },
  };
  try {
    const result = await deps.handler(envelope, context);
    return respond(envelope, 200, result, deps, log);
  } catch (error) {
    controller?.abort();
    return failure(error, 'packet handler', log);
  }
}

function respond(
  request: PacketEnvelope,
  statusCode: number,
  result: { payload: PacketEnvelope['payload']; packet_type?: string },
  deps: PacketPipelineDeps,
  log: FastifyBaseLogger,
): HttpOutcome {
  // Built from the validated request by trusted code: hashed, signed and serialized in one pass (no schema run).
  const { envelope: response, json } = sealChildEnvelope(
    request,
    {
      payload: result.payload,
      packet_type: result.packet_type ?? `${request.packet_type}.result`,
      source_agent: deps.identity.id,
      destination_agent: request.source_agent,
      at: deps.now(),
    },
    deps.settings.auth.secret,
  );
  deps.events
    ?.publish('packet.processed', {
      packet_id: request.packet_id,
      response_packet_id: response.packet_id,
      packet_type: request.packet_type,
      source_agent: request.source_agent,
      trace_id: request.metadata.trace_id,
      status: statusCode,
    })
    .catch((error: unknown) => {
      // The packet is processed and answered; a lost notification must not turn that into a failure.
      deps.metrics.publishFailed();
      log.warn({ err: error, packet_id: request.packet_id }, 'event publish failed');
    });
  return { statusCode, body: json };
}

function failure(error: unknown, stage: string, log: FastifyBaseLogger, requiredWrite = false): HttpOutcome {
  if (requiredWrite || isBackendUnavailable(error)) {
    log.warn({ err: error, stage }, 'backend unavailable');
    // A BackendUnavailableError already names its backend; any other failure of a required write is named by its stage.
    const message = isBackendUnavailable(error)
      ? error.message
      : `${stage} is unavailable: ${error instanceof Error ? error.message : String(error)}`;
    return errorOutcome(503, 'backend_unavailable', message);
  }
  log.error({ err: error, stage }, 'packet processing failed');
  return errorOutcome(500, 'handler_error', `${stage} failed while processing the packet`);
}
