import type { BackendHealth } from '../backend-health';
import { GENESIS_HASH, hashEntry, signCheckpoint, type AuditKey } from './audit-hash';
import { AuditSequenceConflictError, type AuditStore } from './audit-store';
import { writeEntries } from './write-entries';
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
  /** Most entries persisted by one store write when appends are group-committed (default 256). */
  maxBatch?: number;
}

/** A record ready to chain: what `append` makes of an `AuditRecord` after validating and copying it. */
export interface TrustedAuditRecord {
  agent: string;
  action: string;
  subject: string | null;
  data: JsonValue;
}

/** Resolves in the check phase of the current event-loop turn, after the I/O callbacks already due. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface PendingAppend {
  record: TrustedAuditRecord;
  resolve(entry: AuditEntry): void;
  reject(error: unknown): void;
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
  private readonly maxBatch: number;
  private queue: Promise<unknown> = Promise.resolve();
  /** Appends waiting for the next store write; new appends join it until that write starts. */
  private openBatch: PendingAppend[] | undefined;

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
    this.maxBatch = options.maxBatch ?? 256;
    if (!Number.isInteger(this.maxBatch) || this.maxBatch < 1) throw new Error(`maxBatch must be a positive integer, got ${options.maxBatch}`);
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

  /**
   * Appends one record; resolves once its entry is persisted. The record is validated and its `data` copied
   * through JSON, so what is signed is exactly what any store gives back and later edits by the caller change
   * nothing. Appends are group-committed: records that arrive in the same event-loop turn, or while a write is
   * in flight, are chained in arrival order and persisted together by the next write (one file append, one
   * INSERT), so throughput does not stop at one store round trip per entry.
   */
  append(record: AuditRecord): Promise<AuditEntry> {
    const parsed = auditRecordSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return Promise.reject(
        new Error(`audit record: ${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`),
      );
    }
    const { agent, action, subject, data } = parsed.data;
    // Round-trip through JSON so what is signed is exactly what any store will give back.
    return this.enqueue({ agent, action, subject: subject ?? null, data: (data === undefined ? null : JSON.parse(JSON.stringify(data))) as JsonValue });
  }

  /**
   * `append` for a record the runtime itself built (the server's packet records): no schema run and no copy.
   * The caller guarantees what `append` would otherwise establish: `agent`, `action` and `subject` are
   * non-empty strings, `data` is plain JSON (strings, finite numbers, booleans, null, arrays and plain objects,
   * no `undefined` members) and is not modified afterwards. Chaining, hashing and persistence are the same.
   */
  appendTrusted(record: TrustedAuditRecord): Promise<AuditEntry> {
    return this.enqueue(record);
  }

  private enqueue(record: TrustedAuditRecord): Promise<AuditEntry> {
    return new Promise<AuditEntry>((resolve, reject) => {
      let batch = this.openBatch;
      if (!batch || batch.length >= this.maxBatch) {
        const opened: PendingAppend[] = [];
        batch = opened;
        this.openBatch = opened;
        // The batch stays open until the previous write is done and one more event-loop turn has passed, so
        // requests read from other sockets in the same turn join it instead of each paying for a write.
        const run = this.queue.then(nextTurn).then(() => {
          if (this.openBatch === opened) this.openBatch = undefined;
          return this.appendBatch(opened);
        });
        this.queue = run.catch(() => undefined);
      }
      batch.push({ record, resolve, reject });
    });
  }

  private async appendBatch(batch: PendingAppend[]): Promise<void> {
    let pending = batch;
    try {
      for (let attempt = 0; pending.length > 0; ) {
        const entries = this.chain(pending.map((item) => item.record));
        const { written, error } = await writeEntries(this.store, entries);
        if (written > 0) this.headEntry = entries[written - 1];
        for (const entry of entries.slice(0, written)) {
          if (this.checkpointEvery > 0 && entry.seq % this.checkpointEvery === 0) await this.writeCheckpoint(entry);
        }
        pending.slice(0, written).forEach((item, index) => item.resolve(entries[index]));
        pending = pending.slice(written);
        if (error === undefined) return;
        if (!(error instanceof AuditSequenceConflictError) || attempt >= this.conflictRetries) throw error;
        // Another writer took the next seq: continue the chain from its head.
        attempt += 1;
        this.headEntry = await this.store.head();
      }
    } catch (error) {
      // Entries already persisted stay acknowledged; the rest did not happen.
      for (const item of pending) item.reject(error);
    }
  }

  /** Entries for `records`, chained onto the current head. */
  private chain(records: TrustedAuditRecord[]): AuditEntry[] {
    let previous = this.headEntry;
    const entries = records.map((record) => {
      // Built with its hash slot and filled in, not spread into a copy: this runs for every audited packet.
      const entry: AuditEntry = {
        seq: (previous?.seq ?? 0) + 1,
        at: this.clock().toISOString(),
        agent: record.agent,
        action: record.action,
        subject: record.subject,
        data: record.data,
        prev_hash: previous?.hash ?? GENESIS_HASH,
        hash: '',
      };
      entry.hash = hashEntry(entry, this.key);
      previous = entry;
      return entry;
    });
    return entries;
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

  /** Every entry as stored, once the appends already queued are written (read-only inspection). */
  async entries(): Promise<AuditEntry[]> {
    await this.queue;
    return this.store.entries();
  }

  health(): Promise<BackendHealth> {
    return this.store.health();
  }

  async close(): Promise<void> {
    await this.queue;
    await this.store.close();
  }
}
