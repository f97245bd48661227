import { canonicalSha256 } from '../envelope/canonical-json';
import type { HeldWork } from '../server/server-hooks';
import type { EscalationRecord } from './escalation-record';

/** The form of a work digest: lower-case hex SHA-256. */
export const WORK_DIGEST_PATTERN = /^[0-9a-f]{64}$/;

/**
 * What an anchor's resolution is bound to besides the escalation: the SHA-256 (hex) of the canonical JSON of the
 * held work (keys sorted, so a store that reorders them, as PostgreSQL jsonb does, keeps the digest). Work changed
 * in the escalation store after an anchor signed no longer matches the signature, so it never runs.
 */
export function heldWorkDigest(work: HeldWork): string {
  return canonicalSha256(work);
}

/** The digest a resolution of `escalation` must carry: of the work it holds, or none when it holds none. */
export function escalationWorkDigest(escalation: Pick<EscalationRecord, 'work'>): string | undefined {
  return escalation.work === undefined ? undefined : heldWorkDigest(escalation.work);
}

/** An escalation as anchors read it: with the `work_digest` their resolution signs when it holds work. */
export function withWorkDigest(escalation: EscalationRecord): EscalationRecord & { work_digest?: string } {
  const digest = escalationWorkDigest(escalation);
  return digest === undefined ? escalation : { ...escalation, work_digest: digest };
}
