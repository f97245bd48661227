import type { BackendHealth } from '../../backend-health';
import { type Clock, systemClock } from '../clock';
import { globToRegExp } from './glob-pattern';
import { checkKey, effectiveTtlMs, serializeValue } from './working-input';
import type { WorkingMemory, WorkingMemoryOptions } from './working-memory';

interface Entry {
  json: string;
  expiresAt: number | undefined;
}

/** Working memory inside the agent process; expiry follows the injected clock. */
export class InMemoryWorkingMemory implements WorkingMemory {
  private readonly entries = new Map<string, Entry>();
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
    this.entries.set(key, { json, expiresAt: ttlMs === undefined ? undefined : this.clock() + ttlMs });
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
