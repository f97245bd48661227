import * as z from 'zod';

/** JSON value carried in an entry's `data`; constrained so it survives canonical JSON and jsonb unchanged. */
import type { JsonValue } from '../envelope/envelope-schema';

export type { JsonValue };

/** One link of the hash chain. `hash` = HMAC-SHA256(key, canonical JSON of every other field). */
export interface AuditEntry {
  seq: number;
  at: string;
  agent: string;
  action: string;
  subject: string | null;
  data: JsonValue;
  prev_hash: string;
  hash: string;
}

/** A signed statement that the log held `count` entries ending in `head_hash` at `seq`. */
export interface AuditCheckpoint {
  seq: number;
  head_hash: string;
  count: number;
  at: string;
  signature: string;
}

/** What a caller records; the log adds seq, time and the chain fields. */
export const auditRecordSchema = z.object({
  agent: z.string().min(1),
  action: z.string().min(1),
  subject: z.string().min(1).nullable().optional(),
  data: z.unknown().optional(),
});
export type AuditRecord = z.input<typeof auditRecordSchema>;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const auditEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  agent: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  data: z.unknown(),
  prev_hash: hex64,
  hash: z.string(),
});

export const auditCheckpointSchema = z.object({
  seq: z.number().int().positive(),
  head_hash: z.string(),
  count: z.number().int().nonnegative(),
  at: z.string(),
  signature: z.string(),
});
