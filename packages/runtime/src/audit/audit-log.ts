import type { BackendHealth } from '../backend-health';
import { GENESIS_HASH, hashEntry, type AuditKey } from './audit-hash';
import { AuditLogTamperedError } from './audit-log-errors';
import { ephemeralAuditSigningKey, type AuditSigningKey } from './audit-signing-key';
import { AuditSequenceConflictError, type AuditStore } from './audit-store';
import {
  auditRecordSchema,
  type AuditEntry,
  type AuditRecord,
  type JsonValue,
  type SignedAuditHead,
} from './audit-types';
import { signAuditHead } from './signed-head';
import { verifyAuditLog, type AuditVerification, type VerifyOptions } from './verify-audit-log';
import { writeEntries } from './write-entries';

export interface AuditLogOptions {
  store: AuditStore;
  /** HMAC key; whoever holds it can write valid entries, so keep it out of the log's own storage. */
  key: AuditKey;
  /**
   * Ed25519 key that signs the head after every write and every checkpoint. Required for a store that outlives
   * the process (its heads are checked when the log is reopened); an in-memory log gets a key of its own.
   */
  signingKey?: AuditSigningKey;
  /** Name every head signs (the agent id), so the head of one log cannot vouch for another. Default `audit-log`. */
  logId?: string;
  /**
   * Write a signed checkpoint after every N entries (default 100; 0 disables them). Fixed when the log starts:
   * reopening keeps the interval its signed head states, so earlier checkpoints never look missing.
   */
  checkpointEvery?: number;
  /**
   * Called with each new signed head, after it is stored and before the appends it covers resolve: the agent
   * publishes it so that others hold a copy (witnesses). Not awaited; the callback handles its own failures.
   */
  onSignedHead?: (head: SignedAuditHead) => unknown;
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

interface StoredAppend {
  pending: PendingAppend;
  entry: AuditEntry;
}

/** The action of the entry a reopened log writes when it signs entries that a crash left without a signed head. */
export const UNSIGNED_TAIL_SIGNED = 'audit.unsigned_tail_signed';

/**
 * The append-only, hash-chained audit log. Appends are serialized so concurrent callers in one process still
 * form a single chain. Every store write is followed by a new Ed25519-signed head, stored apart from the
 * entries, before any append of that write resolves: an acknowledged entry is durable and covered by a stored
 * signed head. (The file store's head flush to the disk runs behind the acknowledgement, one `fdatasync` per
 * batch instead of two on the caller's path: the head is in the file, so a crash of the process keeps it, and
 * published to witnesses; only a power cut can leave an older head on the disk, and reopening then signs the
 * newer entries as below — see HeadSlotFile.)
 * Opening verifies the whole stored log and refuses one that no longer reaches its signed head.
 */
export class AuditLog {
  private readonly store: AuditStore;
  private readonly key: AuditKey;
  private readonly signingKey: AuditSigningKey;
  private readonly logId: string;
  private readonly checkpointEvery: number;
  private readonly onSignedHead?: (head: SignedAuditHead) => unknown;
  private readonly clock: () => Date;
  private readonly conflictRetries: number;
  private readonly maxBatch: number;
  private headEntry: AuditEntry | undefined;
  private latestHead: SignedAuditHead | undefined;
  /** Entries whose checkpoint write failed; written before the next head is signed. */
  private dueCheckpoints: AuditEntry[] = [];
  /** Settles when every batch queued so far has been stored and its head signed (or failed): what readers wait for. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Settles when every batch queued so far has been written to the store: the next batch's write waits for it. */
  private stored: Promise<unknown> = Promise.resolve();
  /** Appends waiting for the next store write; new appends join it until that write starts. */
  private openBatch: PendingAppend[] | undefined;

  private constructor(
    options: AuditLogOptions,
    signingKey: AuditSigningKey,
    head: AuditEntry | undefined,
    signedHead: SignedAuditHead | undefined,
  ) {
    this.store = options.store;
    this.key = options.key;
    this.signingKey = signingKey;
    this.logId = options.logId ?? 'audit-log';
    this.checkpointEvery = signedHead?.checkpoint_every ?? options.checkpointEvery ?? 100;
    this.onSignedHead = options.onSignedHead;
    this.clock = options.clock ?? (() => new Date());
    this.conflictRetries = options.conflictRetries ?? 3;
    this.maxBatch = options.maxBatch ?? 256;
    this.headEntry = head;
    this.latestHead = signedHead;
  }

  /**
   * Opens a log on a store: verifies everything stored against the HMAC key and the signing key's public half,
   * refuses (AuditLogTamperedError) a log that does not verify, and continues the chain from its head. Entries a
   * crash left after the last signed head are signed now, with an entry recording which ones.
   */
  static async open(options: AuditLogOptions): Promise<AuditLog> {
    const { store } = options;
    validateOptions(options);
    const signingKey =
      options.signingKey ?? (store.kind === 'memory' ? ephemeralAuditSigningKey() : undefined);
    if (!signingKey)
      throw new Error(
        `audit log ${store.location}: a log that outlives the process needs a signing key (Ed25519), so that its heads can be checked when it is reopened`,
      );
    const [entries, checkpoints, signedHead] = await Promise.all([
      store.entries(),
      store.checkpoints(),
      store.signedHead(),
    ]);
    const verification = verifyAuditLog(
      { entries, checkpoints, signedHead },
      { hmacKey: options.key, publicKey: signingKey.publicKey },
      { logId: options.logId ?? 'audit-log' },
    );
    if (!verification.ok) throw new AuditLogTamperedError(store.location, verification.problems);
    const log = new AuditLog(options, signingKey, entries.at(-1), signedHead);
    if (verification.unsigned)
      await log.signUnsignedTail(
        verification.unsigned,
        entries,
        new Set(checkpoints.map((checkpoint) => checkpoint.seq)),
      );
    return log;
  }

  /** Newest entry written or found on open. */
  get head(): { seq: number; hash: string } {
    return { seq: this.headEntry?.seq ?? 0, hash: this.headEntry?.hash ?? GENESIS_HASH };
  }

  /** The latest signed head (undefined while the log is empty). */
  get signedHead(): SignedAuditHead | undefined {
    return this.latestHead && { ...this.latestHead };
  }

  /** The public half of the signing key: what a verifier or witness pins. */
  get publicKey(): AuditSigningKey['publicKey'] {
    return this.signingKey.publicKey;
  }

  /**
   * Appends one record; resolves once its entry is persisted and covered by a stored signed head. The record is
   * validated and its `data` copied through JSON, so what is signed is exactly what any store gives back and
   * later edits by the caller change nothing. Appends are group-committed: records that arrive in the same
   * event-loop turn, or while a write is in flight, are chained in arrival order and persisted together by the
   * next write (one file append, one INSERT) and one signed head, so throughput does not stop at one store
   * round trip per entry.
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
    return this.enqueue({
      agent,
      action,
      subject: subject ?? null,
      data: (data === undefined ? null : JSON.parse(JSON.stringify(data))) as JsonValue,
    });
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
        // The batch stays open until the previous batch's entries are written and one more event-loop turn has
        // passed, so requests read from other sockets in the same turn join it instead of each paying for a write.
        const written = this.stored.then(nextTurn).then(() => {
          if (this.openBatch === opened) this.openBatch = undefined;
          return this.persistBatch(opened);
        });
        this.stored = written.catch(() => undefined);
        // Two stages, each in order: while one batch's head is signed and saved, the next batch's entries (and
        // checkpoints) are written. A head is only written once its own entries are durable, after the heads before it.
        const signed = Promise.all([written, this.queue]).then(([result]) => this.settleBatch(result));
        signed.catch((error: unknown) => opened.forEach((pending) => pending.reject(error)));
        this.queue = signed.catch(() => undefined);
      }
      batch.push({ record, resolve, reject });
    });
  }

  /** Rejects what the store did not take, signs a head over what it did, and acknowledges those. */
  private async settleBatch({
    stored,
    failure,
    failed,
  }: Awaited<ReturnType<AuditLog['storeBatch']>>): Promise<void> {
    for (const pending of failed) pending.reject(failure);
    if (stored.length === 0) return;
    try {
      await this.signHead(stored.map(({ entry }) => entry));
    } catch (error) {
      // Stored but not covered by a signed head: not acknowledged. The next head covers them.
      for (const { pending } of stored) pending.reject(error);
      return;
    }
    for (const { pending, entry } of stored) pending.resolve(entry);
  }

  /**
   * Writes the batch's entries, then the checkpoints they reach, each durable before the next: so a checkpoint
   * on the disk always has its entry there, and the head signed after this has both. Entries whose checkpoints
   * could not be written are stored but not acknowledged; their checkpoints are written before the next batch's.
   */
  private async persistBatch(batch: PendingAppend[]): Promise<Awaited<ReturnType<AuditLog['storeBatch']>>> {
    const result = await this.storeBatch(batch);
    if (result.stored.length === 0) return result;
    try {
      await this.writeCheckpoints(result.stored.map(({ entry }) => entry));
    } catch (error) {
      for (const { pending } of result.stored) pending.reject(error);
      return { ...result, stored: [] };
    }
    return result;
  }

  /** Queues the checkpoints `written` reached and writes every one still due, in order. */
  private async writeCheckpoints(written: AuditEntry[]): Promise<void> {
    if (this.checkpointEvery > 0)
      this.dueCheckpoints.push(...written.filter((entry) => entry.seq % this.checkpointEvery === 0));
    while (this.dueCheckpoints.length > 0) {
      await this.store.appendCheckpoint(this.sign(this.dueCheckpoints[0]));
      this.dueCheckpoints.shift();
    }
  }

  /**
   * Writes the batch's entries. A sequence conflict re-reads the head and re-chains; a store that is
   * unavailable fails what is left; any other failure is taken to be about the entries, so they are retried
   * one at a time and only an entry the store refuses on its own is rejected (with its own error).
   */
  private async storeBatch(
    batch: PendingAppend[],
  ): Promise<{ stored: StoredAppend[]; failed: PendingAppend[]; failure?: unknown }> {
    const stored: StoredAppend[] = [];
    let pending = batch;
    let conflicts = 0;
    let oneByOne = false;
    while (pending.length > 0) {
      const attempt = oneByOne ? pending.slice(0, 1) : pending;
      const entries = this.chain(attempt.map((item) => item.record));
      const { written, error } = await writeEntries(this.store, entries);
      if (written > 0) this.headEntry = entries[written - 1];
      attempt
        .slice(0, written)
        .forEach((item, index) => stored.push({ pending: item, entry: entries[index] }));
      pending = pending.slice(written);
      if (error === undefined) continue;
      if (error instanceof AuditSequenceConflictError) {
        if (conflicts >= this.conflictRetries) return { stored, failed: pending, failure: error };
        // Another writer took the next seq: continue the chain from its head.
        conflicts += 1;
        this.headEntry = await this.store.head();
        continue;
      }
      if (this.store.isUnavailable?.(error)) return { stored, failed: pending, failure: error };
      if (!oneByOne && pending.length > 1) {
        oneByOne = true;
        continue;
      }
      pending[0].reject(error);
      pending = pending.slice(1);
    }
    return { stored, failed: [] };
  }

  /** Entries for `records`, chained onto the current head. */
  private chain(records: TrustedAuditRecord[]): AuditEntry[] {
    let previous = this.headEntry;
    return records.map((record) => {
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
  }

  /** Signs, stores and publishes the head at the last entry of `written` (already durable with its checkpoints). */
  private async signHead(written: AuditEntry[]): Promise<void> {
    const last = written[written.length - 1];
    const head = this.sign(last);
    await this.store.saveSignedHead(head);
    if (!this.latestHead || this.latestHead.seq < head.seq) this.latestHead = head;
    this.publish(head);
  }

  private sign(entry: AuditEntry): SignedAuditHead {
    return signAuditHead(
      {
        log: this.logId,
        seq: entry.seq,
        head_hash: entry.hash,
        at: this.clock().toISOString(),
        checkpoint_every: this.checkpointEvery,
      },
      this.signingKey,
    );
  }

  private publish(head: SignedAuditHead): void {
    if (!this.onSignedHead) return;
    try {
      const published = this.onSignedHead({ ...head });
      // Publication is for witnesses; it never decides whether an entry was stored.
      if (published instanceof Promise) published.catch(() => undefined);
    } catch {
      // Same: a failing witness callback does not fail the append.
    }
  }

  /**
   * A crash between an entry write and its head leaves entries no head covers. They were never acknowledged,
   * but they are in the chain; the reopened log writes their missing checkpoints and records, in an entry of its
   * own (covered by the next head), which entries were signed after the fact.
   */
  private async signUnsignedTail(
    range: { from: number; to: number },
    entries: readonly AuditEntry[],
    checkpointed: ReadonlySet<number>,
  ): Promise<void> {
    if (this.checkpointEvery > 0) {
      this.dueCheckpoints = entries.filter(
        (entry) =>
          entry.seq >= range.from && entry.seq % this.checkpointEvery === 0 && !checkpointed.has(entry.seq),
      );
    }
    await this.append({
      agent: this.logId,
      action: UNSIGNED_TAIL_SIGNED,
      subject: null,
      data: { from_seq: range.from, to_seq: range.to },
    });
  }

  /** Verifies everything in the store, expecting at least the head this instance has written. */
  async verify(options: VerifyOptions = {}): Promise<AuditVerification> {
    await this.queue;
    const [entries, checkpoints, signedHead] = await Promise.all([
      this.store.entries(),
      this.store.checkpoints(),
      this.store.signedHead(),
    ]);
    return verifyAuditLog(
      { entries, checkpoints, signedHead },
      { hmacKey: this.key, publicKey: this.signingKey.publicKey },
      {
        logId: this.logId,
        expectedHead: this.headEntry ? { seq: this.headEntry.seq, hash: this.headEntry.hash } : undefined,
        ...options,
      },
    );
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

function validateOptions(options: AuditLogOptions): void {
  if (options.key.length === 0) throw new Error('audit log key must not be empty');
  const every = options.checkpointEvery ?? 100;
  if (!Number.isInteger(every) || every < 0)
    throw new Error(`checkpointEvery must be a non-negative integer, got ${options.checkpointEvery}`);
  const maxBatch = options.maxBatch ?? 256;
  if (!Number.isInteger(maxBatch) || maxBatch < 1)
    throw new Error(`maxBatch must be a positive integer, got ${options.maxBatch}`);
}
