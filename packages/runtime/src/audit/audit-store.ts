import type { Backend, BackendKind } from '../backend-health';
import type { AuditEntry, SignedAuditHead } from './audit-types';

/**
 * Where an audit log lives. Stores only persist: chaining, signing and checkpoint policy belong to
 * `AuditLog`, so every store is tamper-evident in the same way.
 */
export interface AuditStore extends Backend {
  readonly kind: BackendKind;
  /** Where the log is, for messages: a file path, a schema-qualified table, or `memory`. */
  readonly location: string;
  /** Newest entry, or undefined for an empty log. Used to continue the chain when another writer appended. */
  head(): Promise<AuditEntry | undefined>;
  /** Persists one entry; must fail if `entry.seq` already exists. */
  append(entry: AuditEntry): Promise<void>;
  /**
   * Persists consecutive entries in order, all or none, with `append`'s conflict rule. Optional: a store
   * without it is written one `append` at a time. It is what makes group commit one round trip.
   */
  appendBatch?(entries: AuditEntry[]): Promise<void>;
  /**
   * True when a failed write says the store cannot be reached or written at all (connection lost, disk full),
   * as opposed to refusing what was in the entries. Only the latter is worth retrying entry by entry, so that
   * one entry the store cannot hold does not fail the others of its batch. Without it every failure that is not
   * a sequence conflict counts as the entries' fault.
   */
  isUnavailable?(error: unknown): boolean;
  appendCheckpoint(checkpoint: SignedAuditHead): Promise<void>;
  /** Every entry in storage order. */
  entries(): Promise<AuditEntry[]>;
  checkpoints(): Promise<SignedAuditHead[]>;
  /** The latest signed head, kept apart from the entries (its own file or table), or undefined. */
  signedHead(): Promise<SignedAuditHead | undefined>;
  /** Replaces the latest signed head atomically: a crash leaves the old one or the new one, never a mix. */
  saveSignedHead(head: SignedAuditHead): Promise<void>;
}

/** Raised by a store when the sequence number is already taken (another writer appended first). */
export class AuditSequenceConflictError extends Error {
  constructor(readonly seq: number) {
    super(`audit entry ${seq} already exists: another writer appended to this log`);
    this.name = 'AuditSequenceConflictError';
  }
}

/** Raised by a store for an entry it cannot hold as written (a NUL or a lone surrogate in a text column). */
export class AuditEntryRejectedError extends Error {
  constructor(
    readonly seq: number,
    reason: string,
  ) {
    super(`audit entry ${seq} cannot be stored: ${reason}`);
    this.name = 'AuditEntryRejectedError';
  }
}
