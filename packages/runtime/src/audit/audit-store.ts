import type { Backend, BackendKind } from '../backend-health';
import type { AuditCheckpoint, AuditEntry } from './audit-types';

/**
 * Where an audit log lives. Stores only persist: chaining, signing and checkpoint policy belong to
 * `AuditLog`, so every store is tamper-evident in the same way.
 */
export interface AuditStore extends Backend {
  readonly kind: BackendKind;
  /** Newest entry, or undefined for an empty log. Used to continue the chain when a log is reopened. */
  head(): Promise<AuditEntry | undefined>;
  /** Newest checkpoint, or undefined. */
  lastCheckpoint(): Promise<AuditCheckpoint | undefined>;
  /** Persists one entry; must fail if `entry.seq` already exists. */
  append(entry: AuditEntry): Promise<void>;
  /**
   * Persists consecutive entries in order, all or none, with `append`'s conflict rule. Optional: a store
   * without it is written one `append` at a time. It is what makes group commit one round trip.
   */
  appendBatch?(entries: AuditEntry[]): Promise<void>;
  appendCheckpoint(checkpoint: AuditCheckpoint): Promise<void>;
  /** Every entry in storage order. */
  entries(): Promise<AuditEntry[]>;
  checkpoints(): Promise<AuditCheckpoint[]>;
}

/** Raised by a store when the sequence number is already taken (another writer appended first). */
export class AuditSequenceConflictError extends Error {
  constructor(readonly seq: number) {
    super(`audit entry ${seq} already exists: another writer appended to this log`);
    this.name = 'AuditSequenceConflictError';
  }
}
