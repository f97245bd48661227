import { timingSafeEqual } from 'node:crypto';
import { hmacSha256Hex } from '../crypto/digests';
import { canonicalize as canonicalJson } from '../envelope/canonical-json';
import type { AuditCheckpoint, AuditEntry } from './audit-types';

/** `prev_hash` of the first entry: no predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditKey = string | Buffer;

export function hashEntry(entry: Omit<AuditEntry, 'hash'>, key: AuditKey): string {
  const { seq, at, agent, action, subject, data, prev_hash } = entry;
  return hmacSha256Hex(key, canonicalJson({ seq, at, agent, action, subject, data, prev_hash }));
}

/**
 * Checkpoints are signed over a payload tagged `checkpoint`, so a checkpoint signature can never be
 * replayed as an entry hash (or the other way round) even though both use the same key.
 */
export function signCheckpoint(checkpoint: Omit<AuditCheckpoint, 'signature'>, key: AuditKey): string {
  const { seq, head_hash, count, at } = checkpoint;
  return hmacSha256Hex(key, canonicalJson({ type: 'l9.audit.checkpoint', seq, head_hash, count, at }));
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
