import type Redis from 'ioredis';
import type { BackendHealth } from '../../backend-health';
import { type Clock, systemClock } from '../clock';
import { BackendUnavailableError } from '../errors';
import { WriteOutbox, describeError } from '../outbox';
import { isRedisConnectionError } from '../redis-client';
import { checkGlob, escapeRedisGlob } from './glob-pattern';
import { checkKey, effectiveTtlMs, serializeValue } from './working-input';
import type { WorkingMemory, WorkingMemoryOptions } from './working-memory';

export interface RedisWorkingMemoryOptions extends WorkingMemoryOptions {
  redis: Redis;
  /** Close the client on `close()` (true when this layer created it). */
  ownsClient?: boolean;
  outboxCapacity?: number;
  retryIntervalMs?: number;
  clock?: Clock;
}

/** Latest buffered write per key: lets reads during an outage see what the agent itself wrote. */
type BufferedValue = { json: string; expiresAt: number | undefined } | { deleted: true };

/**
 * Working memory on Redis. While Redis is unreachable, writes go to an ordered outbox and are replayed
 * when it returns (a buffered TTL keeps its original deadline); reads answer from buffered writes or
 * fail with `BackendUnavailableError`.
 */
export class RedisWorkingMemory implements WorkingMemory {
  private readonly redis: Redis;
  private readonly outbox: WriteOutbox;
  private readonly buffered = new Map<string, BufferedValue>();
  private readonly clock: Clock;
  private readonly onReady = () => this.outbox.notifyReconnected();

  constructor(private readonly options: RedisWorkingMemoryOptions) {
    this.redis = options.redis;
    this.clock = options.clock ?? systemClock;
    this.outbox = new WriteOutbox({
      layer: 'working-memory',
      capacity: options.outboxCapacity,
      retryIntervalMs: options.retryIntervalMs,
      isConnectionError: isRedisConnectionError,
    });
    this.redis.on('ready', this.onReady);
  }

  async get<T = unknown>(key: string): Promise<T | null> {
    checkKey(key);
    const local = this.bufferedValue(key);
    if (local !== undefined) return local === null ? null : (JSON.parse(local) as T);
    try {
      const json = await this.redis.get(this.options.prefix + key);
      return json === null ? null : (JSON.parse(json) as T);
    } catch (error) {
      throw this.unavailable(`get "${key}"`, error);
    }
  }

  async set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    checkKey(key);
    const ttlMs = effectiveTtlMs(ttlSeconds, this.options.defaultTtlSeconds);
    const json = serializeValue(key, value);
    const expiresAt = ttlMs === undefined ? undefined : this.clock() + ttlMs;
    const entry: BufferedValue = { json, expiresAt };
    const fullKey = this.options.prefix + key;
    const outcome = await this.outbox.write(`set ${fullKey}`, async () => {
      if (expiresAt === undefined) {
        await this.redis.set(fullKey, json);
      } else {
        // Replayed after an outage, the write keeps the deadline it was acknowledged with.
        const remaining = expiresAt - this.clock();
        if (remaining > 0) await this.redis.set(fullKey, json, 'PX', remaining);
        else await this.redis.del(fullKey);
      }
      this.forget(key, entry);
    });
    if (outcome === 'buffered') this.buffered.set(key, entry);
  }

  async delete(key: string): Promise<boolean> {
    checkKey(key);
    const fullKey = this.options.prefix + key;
    const entry: BufferedValue = { deleted: true };
    const hadBuffered = this.bufferedValue(key);
    let removed = 0;
    const outcome = await this.outbox.write(`del ${fullKey}`, async () => {
      removed = await this.redis.del(fullKey);
      this.forget(key, entry);
    });
    if (outcome === 'written') return removed > 0;
    this.buffered.set(key, entry);
    return hadBuffered !== undefined && hadBuffered !== null;
  }

  async keys(pattern = '*'): Promise<string[]> {
    checkGlob(pattern);
    if (this.outbox.pending > 0) {
      throw new BackendUnavailableError(
        'working-memory',
        `cannot list keys while ${this.outbox.pending} writes wait for Redis (${this.outbox.connectionProblem ?? 'reconnecting'})`,
      );
    }
    const match = escapeRedisGlob(this.options.prefix) + pattern;
    const found = new Set<string>();
    try {
      let cursor = '0';
      do {
        const [next, batch] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
        for (const fullKey of batch) found.add(fullKey.slice(this.options.prefix.length));
        cursor = next;
      } while (cursor !== '0');
    } catch (error) {
      throw this.unavailable(`keys "${pattern}"`, error);
    }
    return [...found].sort();
  }

  /** Retries buffered writes now; resolves once they are delivered or Redis is still away. */
  flush(): Promise<void> {
    return this.outbox.flush();
  }

  async health(): Promise<BackendHealth> {
    const base = { name: 'working-memory', kind: 'redis' as const };
    const backlog = this.outbox.describeBacklog();
    if (this.outbox.pending > 0) return { ...base, status: 'down', detail: backlog };
    try {
      await this.redis.ping();
    } catch (error) {
      return { ...base, status: 'down', detail: describeError(error) };
    }
    // Writes the backend refused during replay are reported, but Redis itself is reachable again.
    return { ...base, status: 'up', detail: backlog ?? `prefix ${this.options.prefix}` };
  }

  async close(): Promise<void> {
    this.redis.off('ready', this.onReady);
    try {
      await this.outbox.close();
    } finally {
      if (this.options.ownsClient) this.redis.disconnect();
    }
  }

  /** undefined: nothing buffered for the key; null: buffered delete or expired; string: buffered JSON. */
  private bufferedValue(key: string): string | null | undefined {
    const entry = this.buffered.get(key);
    if (!entry) return undefined;
    if ('deleted' in entry) return null;
    return entry.expiresAt !== undefined && entry.expiresAt <= this.clock() ? null : entry.json;
  }

  private forget(key: string, delivered: BufferedValue): void {
    // Only the newest buffered write for a key is kept; an older one being delivered must not erase it.
    if (this.buffered.get(key) === delivered) this.buffered.delete(key);
  }

  private unavailable(operation: string, error: unknown): Error {
    if (!isRedisConnectionError(error)) return error as Error;
    return new BackendUnavailableError('working-memory', `${operation} failed, Redis unreachable (${describeError(error)})`);
  }
}
