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
 * Memory is bounded: past `maxEntries` the least recently used id is dropped.
 */
export type ReplayDecision<T> =
  | { kind: 'new'; complete(result: T): void; abandon(result: T): void }
  | { kind: 'duplicate'; result: Promise<T> }
  | { kind: 'conflict' };

export interface ReplayCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

interface Entry<T> {
  contentHash: string;
  expiresAt: number;
  result: Promise<T>;
}

export class ReplayCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly now: () => number;

  constructor(private readonly options: ReplayCacheOptions) {
    if (!(options.ttlMs > 0) || !(options.maxEntries > 0)) throw new RangeError('ReplayCache: ttlMs and maxEntries must be positive');
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  begin(packetId: string, contentHash: string): ReplayDecision<T> {
    const now = this.now();
    const existing = this.entries.get(packetId);
    if (existing && existing.expiresAt > now) {
      if (existing.contentHash !== contentHash) return { kind: 'conflict' };
      this.entries.delete(packetId);
      this.entries.set(packetId, existing);
      return { kind: 'duplicate', result: existing.result };
    }
    let resolve!: (value: T) => void;
    const result = new Promise<T>((settle) => (resolve = settle));
    const entry: Entry<T> = { contentHash, expiresAt: now + this.options.ttlMs, result };
    this.entries.delete(packetId);
    this.entries.set(packetId, entry);
    this.evict(now);
    return {
      kind: 'new',
      complete: (value) => resolve(value),
      abandon: (value) => {
        if (this.entries.get(packetId) === entry) this.entries.delete(packetId);
        resolve(value);
      },
    };
  }

  private evict(now: number): void {
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && entry.expiresAt > now) break;
      if (this.entries.size > this.options.maxEntries || entry.expiresAt <= now) this.entries.delete(id);
    }
  }
}
