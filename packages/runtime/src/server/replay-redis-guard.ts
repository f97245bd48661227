import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { BackendHealth } from '../backend-health';
import type { ReplayClaim, ReplayGuard } from './replay-guard';

export interface RedisReplayGuardOptions {
  redis: Redis;
  /** Quit the client on `close()` (true when the guard opened it). */
  ownsClient?: boolean;
  /** The ecosystem's key prefix (`L9_STREAM_PREFIX`, default `l9:stream:`). */
  keyPrefix: string;
  agentId: string;
}

/** Deletes the key only while it still holds this attempt's claim, so a release never frees someone else's. */
const RELEASE_SCRIPT =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/** A key lost between SET NX and GET (it expired or was released) is claimed again; more is a store fault. */
const CLAIM_ATTEMPTS = 3;

/**
 * Packet ids on Redis: `SET <key> "<content hash> <claim token>" NX PX <ttl>` per packet, so the first claim
 * wins atomically across restarts and across instances of the agent, and Redis expires it with the window.
 * Keys are `<prefix>#replay:<agent>:<packet id>`; `#` never occurs in a stream topic, so they cannot collide
 * with the ecosystem's streams under the same prefix.
 */
export class RedisReplayGuard implements ReplayGuard {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;
  private readonly keyBase: string;

  constructor(private readonly options: RedisReplayGuardOptions) {
    this.redis = options.redis;
    this.keyBase = `${options.keyPrefix}#replay:${options.agentId}:`;
  }

  keyOf(packetId: string): string {
    return this.keyBase + packetId;
  }

  async claim(packetId: string, contentHash: string, ttlMs: number): Promise<ReplayClaim> {
    const key = this.keyOf(packetId);
    const value = `${contentHash} ${randomUUID()}`;
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
      if ((await this.redis.set(key, value, 'PX', Math.ceil(ttlMs), 'NX')) === 'OK') {
        return { status: 'claimed', release: () => this.release(key, value) };
      }
      const held = await this.redis.get(key);
      if (held !== null)
        return held.slice(0, held.indexOf(' ')) === contentHash ? { status: 'seen' } : { status: 'conflict' };
    }
    throw new Error(`packet id ${packetId} kept changing hands on Redis`);
  }

  private async release(key: string, value: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, key, value);
  }

  async health(): Promise<BackendHealth> {
    try {
      await this.redis.ping();
      return { name: 'replay-guard', kind: 'redis', status: 'up' };
    } catch (error) {
      return {
        name: 'replay-guard',
        kind: 'redis',
        status: 'down',
        detail: error instanceof Error ? error.message : String(error),
      };
    }
  }

  async close(): Promise<void> {
    if (!this.options.ownsClient) return;
    // QUIT cannot be sent while Redis is away (the client queues nothing offline): drop the connection then.
    if (this.redis.status === 'ready') {
      try {
        await this.redis.quit();
        return;
      } catch {
        // Lost between the check and QUIT: drop it below.
      }
    }
    this.redis.disconnect();
  }
}
