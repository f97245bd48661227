import type { FastifyBaseLogger } from 'fastify';
import type { PacketEnvelope } from '../envelope/envelope-schema';
import { ReplayCache } from '../envelope/replay-cache';
import { errorOutcome, type ErrorBody, type HttpOutcome } from './error-body';
import type { ReplayGuard } from './replay-guard';
import { packJson, unpackJson, type PackedJson } from './replay-packed-json';

/** What the replay step decides about a packet that passed the envelope checks. */
export type ReplayAdmission =
  /** Process it, then hand its outcome to `settle` (remembered, or released when the attempt failed). */
  | { kind: 'new'; settle(outcome: HttpOutcome & { body: string }): Promise<void> }
  /** The sender's retry: answer with the first attempt's outcome. */
  | { kind: 'duplicate'; result: Promise<HttpOutcome> }
  /** Refused before processing; `outcome` says why. */
  | { kind: 'refused'; outcome: HttpOutcome & { body: ErrorBody } };

export interface ReplayGateOptions {
  /** How long a packet id is remembered: the replay window plus the clock skew a timestamp may have. */
  ttlMs: number;
  maxEntries: number;
  maxBytes?: number;
  sizeOf(outcome: HttpOutcome): number;
  /** The durable store that vouches for ids across restarts and evictions; without one the cache's horizon does. */
  guard?: ReplayGuard;
  now: () => number;
}

/**
 * What the cache holds of an outcome: a completed one's status, headers and JSON text packed
 * (replay-packed-json.ts, its fields inline: one object per answer), with the bytes the budget counts for it;
 * an abandoned one only reaches the retries waiting on it, as it is.
 */
type KeptOutcome =
  | (PackedJson & { statusCode: number; headers: Record<string, string> | undefined; bytes: number })
  | { abandoned: HttpOutcome };

function kept(outcome: HttpOutcome & { body: string }, bytes: number): KeptOutcome {
  return { statusCode: outcome.statusCode, headers: outcome.headers, ...packJson(outcome.body), bytes };
}

function restored(outcome: KeptOutcome): HttpOutcome {
  if ('abandoned' in outcome) return outcome.abandoned;
  const body = unpackJson(outcome);
  return outcome.headers
    ? { statusCode: outcome.statusCode, body, headers: outcome.headers }
    : { statusCode: outcome.statusCode, body };
}

/** An attempt that did not complete (rate limited, a backend down, a crash) may be retried with its id. */
function completed(outcome: HttpOutcome): boolean {
  return outcome.statusCode < 500 && outcome.statusCode !== 429;
}

/**
 * The replay rule of `POST /<prefix>/packets`: the in-memory cache first (it holds first responses for
 * idempotent retries, see replay-cache.ts), then, for an id it does not hold, the durable guard:
 *
 *  - id held with the same content → the first response (`duplicate`); with other content → 409 replay_conflict;
 *  - id the guard has seen with the same content → 409 replay_refused (processed before, its response is gone);
 *    with other content → 409 replay_conflict;
 *  - guard unreachable → 503 backend_unavailable: an unchecked packet is never accepted;
 *  - no guard, and the cache dropped live ids issued as late as this packet → 409 replay_unverifiable.
 *
 * A failed attempt (5xx, 429) releases its durable claim before the cache forgets it, so a retry that arrives
 * after the answer finds the id free in both.
 */
export class ReplayGate {
  private readonly cache: ReplayCache<KeptOutcome>;
  private readonly guard: ReplayGuard | undefined;
  private readonly ttlMs: number;
  private readonly sizeOf: (outcome: HttpOutcome) => number;

  constructor(options: ReplayGateOptions) {
    this.guard = options.guard;
    this.ttlMs = options.ttlMs;
    this.sizeOf = options.sizeOf;
    this.cache = new ReplayCache<KeptOutcome>({
      ttlMs: options.ttlMs,
      maxEntries: options.maxEntries,
      maxBytes: options.maxBytes,
      // The budget counts an outcome as sent, whatever its packing saves.
      sizeOf: (outcome) => ('abandoned' in outcome ? 0 : outcome.bytes),
      // A durable guard remembers every id of the window, so what the cache drops is still vouched for.
      refuseUnvouched: options.guard === undefined,
      now: options.now,
    });
  }

  async admit(envelope: PacketEnvelope, log: FastifyBaseLogger): Promise<ReplayAdmission> {
    const packetId = envelope.packet_id;
    const decision = this.cache.begin(packetId, envelope.content_hash, Date.parse(envelope.timestamp));
    switch (decision.kind) {
      case 'duplicate':
        return { kind: 'duplicate', result: decision.result.then(restored) };
      case 'conflict':
        return refused(conflictOutcome(packetId));
      case 'unvouched':
        return refused(
          errorOutcome(
            409,
            'replay_unverifiable',
            `this agent can no longer vouch that packet ${packetId} was not processed before: it had to forget packets issued up to ${new Date(decision.horizon).toISOString()}; resend the work with a new packet_id and a fresh timestamp`,
            { packet_id: packetId },
          ),
        );
    }
    const guard = this.guard;
    if (!guard)
      return {
        kind: 'new',
        settle: async (outcome) =>
          completed(outcome)
            ? decision.complete(kept(outcome, this.sizeOf(outcome)))
            : decision.abandon({ abandoned: outcome }),
      };
    let claim;
    try {
      claim = await guard.claim(packetId, envelope.content_hash, this.ttlMs);
    } catch (error) {
      log.warn({ err: error, packet_id: packetId }, 'replay guard unavailable');
      const reason = error instanceof Error ? error.message : String(error);
      return abandoned(
        decision,
        errorOutcome(
          503,
          'backend_unavailable',
          `replay guard (${guard.kind}) is unavailable, so the packet cannot be checked against replays: ${reason}`,
        ),
      );
    }
    if (claim.status === 'seen') {
      return abandoned(
        decision,
        errorOutcome(
          409,
          'replay_refused',
          `packet ${packetId} was already processed within the replay window and its response is no longer held; send new work with a new packet_id`,
          { packet_id: packetId },
        ),
      );
    }
    if (claim.status === 'conflict') return abandoned(decision, conflictOutcome(packetId));
    return {
      kind: 'new',
      settle: async (outcome) => {
        if (completed(outcome)) return decision.complete(kept(outcome, this.sizeOf(outcome)));
        try {
          await claim.release(outcome.statusCode);
        } catch (error) {
          // The claim stays until it expires: the retry is refused (replay_refused), never processed twice.
          log.warn({ err: error, packet_id: packetId }, 'replay guard could not release a failed packet');
        }
        decision.abandon({ abandoned: outcome });
      },
    };
  }
}

function conflictOutcome(packetId: string): HttpOutcome {
  return errorOutcome(
    409,
    'replay_conflict',
    `packet ${packetId} was already received with different content`,
    { packet_id: packetId },
  );
}

function refused(outcome: HttpOutcome): ReplayAdmission {
  return { kind: 'refused', outcome: outcome as HttpOutcome & { body: ErrorBody } };
}

/** Refused after the cache began the attempt: retries waiting on it get the same answer, and the id stays free. */
function abandoned(decision: { abandon(outcome: KeptOutcome): void }, outcome: HttpOutcome): ReplayAdmission {
  decision.abandon({ abandoned: outcome });
  return refused(outcome);
}
