import type { BackendHealth } from '../backend-health';
import { GENESIS_HASH, hashEntry, signCheckpoint, type AuditKey } from './audit-hash';
import { AuditSequenceConflictError, type AuditStore } from './audit-store';
import { auditRecordSchema, type AuditCheckpoint, type AuditEntry, type AuditRecord, type JsonValue } from './audit-types';
import { verifyAuditLog, type AuditVerification, type VerifyOptions } from './verify-audit-log';

export interface AuditLogOptions {
  store: AuditStore;
  /** HMAC key; whoever holds it can write valid entries, so keep it out of the log's own storage. */
  key: AuditKey;
  /** Write a signed checkpoint after every N entries (default 100; 0 disables automatic checkpoints). */
  checkpointEvery?: number;
  clock?: () => Date;
  /** How many times to re-read the head and retry when another writer took the next seq (default 3). */
  conflictRetries?: number;
}

/**
 * The append-only, hash-chained audit log. Appends are serialized so concurrent callers in one process
 * still form a single chain; opening an existing store continues from its head.
 */
export class AuditLog {
  private readonly store: AuditStore;
  private readonly key: AuditKey;
  private readonly checkpointEvery: number;
  private readonly clock: () => Date;
  private readonly conflictRetries: number;
  private headEntry: AuditEntry | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(options: AuditLogOptions, head: AuditEntry | undefined) {
    if (options.key.length === 0) throw new Error('audit log key must not be empty');
    this.store = options.store;
    this.key = options.key;
    this.checkpointEvery = options.checkpointEvery ?? 100;
    if (!Number.isInteger(this.checkpointEvery) || this.checkpointEvery < 0) {
      throw new Error(`checkpointEvery must be a non-negative integer, got ${options.checkpointEvery}`);
    }
    this.clock = options.clock ?? (() => new Date());
    this.conflictRetries = options.conflictRetries ?? 3;
    this.headEntry = head;
  }

  /** Opens a log on a store, reading its head so new entries chain onto what is already there. */
  static async open(options: AuditLogOptions): Promise<AuditLog> {
    return new AuditLog(options, await options.store.head());
  }

  /** Newest entry written or found on open. */
  get head(): { seq: number; hash: string } {
    return { seq: this.headEntry?.seq ?? 0, hash: this.headEntry?.hash ?? GENESIS_HASH };
  }

  append(record: AuditRecord): Promise<AuditEntry> {
    const parsed = auditRecordSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return Promise.reject(
        new Error(`audit record: ${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`),
      );
    }
    const run = this.queue.then(() => this.appendNow(parsed.data));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async appendNow(record: ReturnType<typeof auditRecordSchema.parse>): Promise<AuditEntry> {
    for (let attempt = 0; ; attempt++) {
      const previous = this.headEntry;
      const unsigned = {
        seq: (previous?.seq ?? 0) + 1,
        at: this.clock().toISOString(),
        agent: record.agent,
        action: record.action,
        subject: record.subject ?? null,
        // Round-trip through JSON so what is signed is exactly what any store will give back.
        data: (record.data === undefined ? null : JSON.parse(JSON.stringify(record.data))) as JsonValue,
        prev_hash: previous?.hash ?? GENESIS_HASH,
      };
      const entry: AuditEntry = { ...unsigned, hash: hashEntry(unsigned, this.key) };
      try {
        await this.store.append(entry);
      } catch (error) {
        if (error instanceof AuditSequenceConflictError && attempt < this.conflictRetries) {
          this.headEntry = await this.store.head();
          continue;
        }
        throw error;
      }
      this.headEntry = entry;
      if (this.checkpointEvery > 0 && entry.seq % this.checkpointEvery === 0) await this.writeCheckpoint(entry);
      return entry;
    }
  }

  /** Signs the current head now (e.g. on shutdown), in addition to the periodic checkpoints. */
  checkpoint(): Promise<AuditCheckpoint | undefined> {
    const run = this.queue.then(() => (this.headEntry ? this.writeCheckpoint(this.headEntry) : undefined));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async writeCheckpoint(entry: AuditEntry): Promise<AuditCheckpoint> {
    const last = await this.store.lastCheckpoint();
    if (last && last.seq === entry.seq) return last;
    const unsigned = { seq: entry.seq, head_hash: entry.hash, count: entry.seq, at: this.clock().toISOString() };
    const checkpoint: AuditCheckpoint = { ...unsigned, signature: signCheckpoint(unsigned, this.key) };
    await this.store.appendCheckpoint(checkpoint);
    return checkpoint;
  }

  /** Verifies everything in the store, expecting at least the head this instance has written. */
  async verify(options: VerifyOptions = {}): Promise<AuditVerification> {
    await this.queue;
    const [entries, checkpoints] = await Promise.all([this.store.entries(), this.store.checkpoints()]);
    return verifyAuditLog(entries, checkpoints, this.key, {
      checkpointEvery: this.checkpointEvery || undefined,
      expectedHead: this.headEntry ? { seq: this.headEntry.seq, hash: this.headEntry.hash } : undefined,
      ...options,
    });
  }

  health(): Promise<BackendHealth> {
    return this.store.health();
  }

  async close(): Promise<void> {
    await this.queue;
    await this.store.close();
  }
}
