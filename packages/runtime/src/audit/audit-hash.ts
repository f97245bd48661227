import { timingSafeEqual } from 'node:crypto';
import { hmacSha256Hex } from '../crypto/digests';
import { canonicalize as canonicalJson } from '../envelope/canonical-json';
import type { AuditEntry } from './audit-types';

/** `prev_hash` of the first entry: no predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditKey = string | Buffer;

export function hashEntry(entry: Omit<AuditEntry, 'hash'>, key: AuditKey): string {
  const { seq, at, agent, action, subject, data, prev_hash } = entry;
  return hmacSha256Hex(key, canonicalJson({ seq, at, agent, action, subject, data, prev_hash }));
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
