import { packedContentHash, packedPacketId } from './replay-cache-keys';

/**
 * Replay and idempotency rule for received packets (what `POST /<prefix>/packets` enforces):
 *
 *  - A packet_id seen for the first time is processed; its response is remembered for `ttlMs`.
 *  - The same packet_id with the SAME content_hash within the window is the sender's retry (the client keeps the
 *    packet_id across retries): it is not processed again, the first response is returned (while the first
 *    attempt is still running, the retry waits for it). The server marks such answers `idempotent-replay: true`.
 *  - The same packet_id with a DIFFERENT content_hash is a replay attack or a sender bug: 409 `replay_conflict`.
 *  - An attempt that did not complete (rate limited, a backend down, a handler crash) is forgotten, so the
 *    next retry is processed as if new; a retry that was already waiting on it gets the same transient failure.
 *  - Signed envelopes older than the window are rejected by timestamp (see the server), so an id that aged out of
 *    the cache cannot be replayed either.
 *
 * Memory is bounded twice: past `maxEntries` ids, or past `maxBytes` of remembered results (as measured by
 * `sizeOf`, plus a fixed estimate per entry), the least recently used ids are dropped. Results should be
 * compact (the server keeps the serialized response text, not the response objects); ids and content hashes are
 * kept packed (replay-cache-keys.ts).
 *
 * Dropping an id before its window ends would let that packet be processed again, so the cache keeps a horizon:
 * the newest issue time (the envelope's signed timestamp) of any id it dropped while still inside its window.
 * An id it does not hold whose issue time is not newer than the horizon is `unvouched`: the cache can no longer
 * say whether it saw it, and refuses it. Every dropped id is at or below the horizon whatever order they were
 * dropped in, so none slips through; fresh packets carry newer timestamps than anything dropped and pass. The
 * horizon lapses once every dropped id's window has passed. With `refuseUnvouched: false` (a durable store
 * vouches for ids the cache drops) unknown ids are always `new`.
 */
export type ReplayDecision<T> =
  | { kind: 'new'; complete(result: T): void; abandon(result: T): void }
  | { kind: 'duplicate'; result: Promise<T> }
  | { kind: 'conflict' }
  | { kind: 'unvouched'; horizon: number };

export interface ReplayCacheOptions<T = unknown> {
  ttlMs: number;
  maxEntries: number;
  /** Budget for all entries, in bytes as `sizeOf` counts them plus `ENTRY_OVERHEAD_BYTES` each (default: none). */
  maxBytes?: number;
  /** Bytes one completed result holds (default 0: only the per-entry estimate counts). */
  sizeOf?: (result: T) => number;
  /** Refuse unknown ids issued at or before the horizon of dropped ids (default true; see above). */
  refuseUnvouched?: boolean;
  now?: () => number;
}

/**
 * Estimated heap bytes of one entry besides its result: the map slot, the entry record, the packet id and the
 * content hash strings. An estimate, so the budget bounds memory in proportion rather than to the byte.
 */
export const ENTRY_OVERHEAD_BYTES = 512;

interface Entry<T> {
  /** Packed (`packedContentHash`). */
  contentHash: string;
  expiresAt: number;
  /** Until the first attempt settles; a retry that arrives meanwhile waits on it. */
  pending: Promise<T> | undefined;
  /** Once settled: the result itself, so a remembered entry holds no promise. */
  result: T | undefined;
  bytes: number;
  /** When the sender issued the packet (ms); what the horizon is made of. */
  issuedAt: number;
}

export class ReplayCache<T> {
  /** By packed packet id (`packedPacketId`), least recently used first. */
  private readonly entries = new Map<string, Entry<T>>();
  private readonly now: () => number;
  private readonly maxBytes: number;
  private readonly sizeOf: (result: T) => number;
  private readonly refuseUnvouched: boolean;
  private totalBytes = 0;
  /** Newest issue time of an id dropped inside its window, and when the last such window ends. */
  private dropped: { horizon: number; until: number } | undefined;

  constructor(private readonly options: ReplayCacheOptions<T>) {
    if (!(options.ttlMs > 0) || !(options.maxEntries > 0))
      throw new RangeError('ReplayCache: ttlMs and maxEntries must be positive');
    if (options.maxBytes !== undefined && !(options.maxBytes > 0))
      throw new RangeError('ReplayCache: maxBytes must be positive');
    this.now = options.now ?? Date.now;
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    this.sizeOf = options.sizeOf ?? (() => 0);
    this.refuseUnvouched = options.refuseUnvouched ?? true;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes the entries hold, as the budget counts them. */
  get bytes(): number {
    return this.totalBytes;
  }

  /**
   * Issue time at or before which unknown ids are refused as `unvouched`, while any id dropped inside its window
   * could still be replayed; undefined when nothing in its window was dropped.
   */
  get horizon(): number | undefined {
    if (this.dropped && this.dropped.until <= this.now()) this.dropped = undefined;
    return this.dropped?.horizon;
  }

  /** `issuedAt`: the packet's (signed) timestamp in ms; defaults to now, for callers without one. */
  begin(id: string, hash: string, issuedAt: number = this.now()): ReplayDecision<T> {
    const now = this.now();
    const packetId = packedPacketId(id);
    const contentHash = packedContentHash(hash);
    const existing = this.entries.get(packetId);
    if (existing && existing.expiresAt > now) {
      if (existing.contentHash !== contentHash) return { kind: 'conflict' };
      this.entries.delete(packetId);
      this.entries.set(packetId, existing);
      return { kind: 'duplicate', result: existing.pending ?? Promise.resolve(existing.result as T) };
    }
    if (existing) this.remove(packetId, existing);
    if (this.refuseUnvouched) {
      const horizon = this.horizon;
      // An unparsable issue time (NaN) compares false either way: refuse it while there is a horizon.
      if (horizon !== undefined && !(issuedAt > horizon)) return { kind: 'unvouched', horizon };
    }
    let resolve!: (value: T) => void;
    const pending = new Promise<T>((settle) => (resolve = settle));
    const entry: Entry<T> = {
      contentHash,
      expiresAt: now + this.options.ttlMs,
      pending,
      result: undefined,
      bytes: ENTRY_OVERHEAD_BYTES,
      issuedAt,
    };
    this.entries.set(packetId, entry);
    this.totalBytes += entry.bytes;
    this.evict(now);
    return {
      kind: 'new',
      complete: (value) => {
        resolve(value);
        if (this.entries.get(packetId) !== entry) return;
        // Settled: keep the value itself and count it against the budget.
        entry.pending = undefined;
        entry.result = value;
        const bytes = ENTRY_OVERHEAD_BYTES + this.sizeOf(value);
        this.totalBytes += bytes - entry.bytes;
        entry.bytes = bytes;
        this.evict(this.now());
      },
      abandon: (value) => {
        if (this.entries.get(packetId) === entry) this.remove(packetId, entry);
        resolve(value);
      },
    };
  }

  private remove(packetId: string, entry: Entry<T>): void {
    this.entries.delete(packetId);
    this.totalBytes -= entry.bytes;
  }

  /** Oldest first (the map keeps least recently used first): drop while over a bound or expired. */
  private evict(now: number): void {
    for (const [id, entry] of this.entries) {
      const over = this.entries.size > this.options.maxEntries || this.totalBytes > this.maxBytes;
      if (!over && entry.expiresAt > now) break;
      this.remove(id, entry);
      if (entry.expiresAt > now) this.rememberDropped(entry);
    }
  }

  /** A live id is gone: from now on the cache cannot vouch for anything issued up to its issue time. */
  private rememberDropped(entry: Entry<T>): void {
    const issuedAt = Number.isNaN(entry.issuedAt) ? Number.NEGATIVE_INFINITY : entry.issuedAt;
    const current = this.dropped && this.dropped.until > this.now() ? this.dropped : undefined;
    this.dropped = {
      horizon: Math.max(current?.horizon ?? Number.NEGATIVE_INFINITY, issuedAt),
      until: Math.max(current?.until ?? 0, entry.expiresAt),
    };
  }
}
