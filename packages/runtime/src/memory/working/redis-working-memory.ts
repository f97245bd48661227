import type Redis from 'ioredis';
import type { BackendHealth } from '../../backend-health';
import { describeError } from '../describe-error';
import { BackendUnavailableError } from '../errors';
import { isRedisConnectionError } from '../redis-client';
import { WriteThrough } from '../write-through';
import { checkGlob, escapeRedisGlob } from './glob-pattern';
import { checkKey, effectiveTtlMs, serializeValue } from './working-input';
import type { WorkingMemory, WorkingMemoryOptions } from './working-memory';

export interface RedisWorkingMemoryOptions extends WorkingMemoryOptions {
  redis: Redis;
  /** Close the client on `close()` (true when this layer created it). */
  ownsClient?: boolean;
}

/**
 * Working memory on Redis. A write resolves once Redis has it; while Redis is unreachable reads and writes fail
 * with `BackendUnavailableError` (503 to the caller) instead of being held in process memory a crash would lose.
 */
export class RedisWorkingMemory implements WorkingMemory {
  private readonly redis: Redis;
  private readonly writes = new WriteThrough({
    layer: 'working-memory',
    backend: 'Redis',
    isConnectionError: isRedisConnectionError,
  });

  constructor(private readonly options: RedisWorkingMemoryOptions) {
    this.redis = options.redis;
  }

  async get<T = unknown>(key: string): Promise<T | null> {
    checkKey(key);
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
    const fullKey = this.options.prefix + key;
    await this.writes.write(`set "${key}"`, async () => {
      if (ttlMs === undefined) await this.redis.set(fullKey, json);
      else await this.redis.set(fullKey, json, 'PX', ttlMs);
    });
  }

  async delete(key: string): Promise<boolean> {
    checkKey(key);
    const removed = await this.writes.write(`delete "${key}"`, () =>
      this.redis.del(this.options.prefix + key),
    );
    return removed > 0;
  }

  async keys(pattern = '*'): Promise<string[]> {
    checkGlob(pattern);
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

  async health(): Promise<BackendHealth> {
    const base = { name: 'working-memory', kind: 'redis' as const };
    try {
      await this.redis.ping();
    } catch (error) {
      return { ...base, status: 'down', detail: describeError(error) };
    }
    return { ...base, status: 'up', detail: `prefix ${this.options.prefix}` };
  }

  async close(): Promise<void> {
    if (this.options.ownsClient) this.redis.disconnect();
  }

  private unavailable(operation: string, error: unknown): Error {
    if (!isRedisConnectionError(error)) return error as Error;
    return new BackendUnavailableError(
      'working-memory',
      `${operation} failed, Redis unreachable (${describeError(error)})`,
    );
  }
}
