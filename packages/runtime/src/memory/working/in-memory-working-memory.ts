import type { BackendHealth } from '../../backend-health';
import { type Clock, systemClock } from '../clock';
import { ExpiryQueue } from './expiry-queue';
import { globToRegExp } from './glob-pattern';
import { checkKey, effectiveTtlMs, serializeValue } from './working-input';
import type { WorkingMemory, WorkingMemoryOptions } from './working-memory';

interface Entry {
  json: string;
  expiresAt: number | undefined;
}

/** Expired keys removed per write: more than one, so removal outpaces the writes that add keys. */
const SWEEP_PER_WRITE = 4;

/**
 * Working memory inside the agent process; expiry follows the injected clock. Like Redis, an expired key is gone
 * even if nobody reads it: each write also removes a few of the soonest-expired keys (Redis's active expiry, done
 * on writes instead of a timer), so keys written with a TTL do not pile up. There is no count bound, as on Redis
 * without eviction: a live key stays readable until its TTL or a delete — dropping it early would break `get`.
 */
export class InMemoryWorkingMemory implements WorkingMemory {
  private readonly entries = new Map<string, Entry>();
  private readonly deadlines = new ExpiryQueue();
  private readonly clock: Clock;

  constructor(private readonly options: WorkingMemoryOptions & { clock?: Clock }) {
    this.clock = options.clock ?? systemClock;
  }

  async get<T = unknown>(key: string): Promise<T | null> {
    const entry = this.live(checkKey(key));
    return entry ? (JSON.parse(entry.json) as T) : null;
  }

  async set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    checkKey(key);
    const ttlMs = effectiveTtlMs(ttlSeconds, this.options.defaultTtlSeconds);
    const json = serializeValue(key, value);
    const now = this.clock();
    const expiresAt = ttlMs === undefined ? undefined : now + ttlMs;
    this.entries.set(key, { json, expiresAt });
    if (expiresAt !== undefined) this.deadlines.push(key, expiresAt);
    this.sweep(now);
  }

  /** Keys held, expired ones not yet removed included (what the process pays for). */
  get size(): number {
    return this.entries.size;
  }

  async delete(key: string): Promise<boolean> {
    const existed = this.live(checkKey(key)) !== undefined;
    this.entries.delete(key);
    return existed;
  }

  async keys(pattern = '*'): Promise<string[]> {
    const matcher = globToRegExp(pattern);
    return [...this.entries.keys()].filter((key) => this.live(key) && matcher.test(key)).sort();
  }

  async health(): Promise<BackendHealth> {
    return { name: 'working-memory', kind: 'memory', status: 'up', detail: `prefix ${this.options.prefix}` };
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.deadlines.reset([]);
  }

  private sweep(now: number): void {
    for (const { key, expiresAt } of this.deadlines.popDue(now, SWEEP_PER_WRITE)) {
      // A deadline is stale when the key was deleted or rewritten since; only the current one removes the key.
      if (this.entries.get(key)?.expiresAt === expiresAt) this.entries.delete(key);
    }
    // Overwrites and deletes leave stale deadlines behind; rebuild from the live keys before they outnumber them.
    if (this.deadlines.size > 2 * this.entries.size + 1024) {
      this.deadlines.reset(
        [...this.entries].flatMap(([key, entry]) =>
          entry.expiresAt === undefined ? [] : [{ key, expiresAt: entry.expiresAt }],
        ),
      );
    }
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt !== undefined && entry.expiresAt <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
