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

/**
 * An Ed25519-signed statement that log `log` held exactly the entries 1..`seq`, the last one hashing to
 * `head_hash`. The latest one (the log's head) is kept apart from the log and published to witnesses; the same
 * statement at every `checkpoint_every`-th entry is a checkpoint, kept with the log.
 */
export interface SignedAuditHead {
  log: string;
  seq: number;
  head_hash: string;
  at: string;
  /** The writer's checkpoint interval (0: none), signed so a verifier knows which checkpoints must exist. */
  checkpoint_every: number;
  /** Raw Ed25519 public key of the signer, base64url. A verifier compares it with the key it pins. */
  public_key: string;
  /** Ed25519 signature over the canonical JSON of the other fields (tagged `l9.audit.head`), base64url. */
  signature: string;
}

/** A checkpoint is a signed head at a multiple of the interval, stored with the log. */
export type AuditCheckpoint = SignedAuditHead;

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

export const signedAuditHeadSchema = z.object({
  log: z.string().min(1),
  seq: z.number().int().positive(),
  head_hash: hex64,
  at: z.string(),
  checkpoint_every: z.number().int().nonnegative(),
  public_key: z.string().min(1),
  signature: z.string().min(1),
});
