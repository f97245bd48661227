import type Redis from 'ioredis';
import type { BackendHealth } from '../backend-health';
import { describeError } from '../memory/describe-error';
import {
  DEFAULT_CLAIM_IDLE_MS,
  type EventStream,
  type EventStreamTimings,
  type MessageBody,
  type MessageHandler,
  type SubscribeOptions,
  type Subscription,
} from './event-stream';
import { RedisStreamConsumer } from './redis-stream-consumer';
import { checkBody, checkName } from './stream-input';

export interface RedisEventStreamOptions extends EventStreamTimings {
  redis: Redis;
  /** Prefix of every stream key (`l9:stream:` by default); tests use their own. */
  keyPrefix?: string;
  /** How long one XREADGROUP blocks before the consumer looks for abandoned messages again. */
  blockMs?: number;
  /** Messages fetched per read. */
  batchSize?: number;
  /** Close the client on `close()` (true when the caller handed ownership over). */
  ownsClient?: boolean;
}

/**
 * Redis Streams: one stream per topic (XADD), one consumer group per subscribing group
 * (XGROUP CREATE … MKSTREAM), blocking reads on a dedicated connection per consumer (XREADGROUP BLOCK),
 * XACK after the handler succeeds, and XAUTOCLAIM to take over messages a failed or dead consumer left pending.
 */
export class RedisEventStream implements EventStream {
  private readonly consumers = new Set<RedisStreamConsumer>();
  private readonly keyPrefix: string;

  constructor(private readonly options: RedisEventStreamOptions) {
    this.keyPrefix = options.keyPrefix ?? 'l9:stream:';
  }

  streamKey(topic: string): string {
    return this.keyPrefix + checkName('topic', topic);
  }

  async publish(topic: string, body: MessageBody): Promise<string> {
    const key = this.streamKey(topic);
    const id = await this.options.redis.xadd(key, '*', 'body', JSON.stringify(checkBody(body)));
    return id!;
  }

  async subscribe(
    topic: string,
    group: string,
    consumer: string,
    handler: MessageHandler,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    const key = this.streamKey(topic);
    checkName('group', group);
    checkName('consumer', consumer);
    try {
      await this.options.redis.xgroup('CREATE', key, group, options.from === 'new' ? '$' : '0', 'MKSTREAM');
    } catch (error) {
      if (!describeError(error).startsWith('BUSYGROUP')) throw error;
    }
    const blocking = this.options.redis.duplicate();
    blocking.on('error', () => undefined);
    if (blocking.status !== 'ready' && blocking.status !== 'connecting') await blocking.connect();
    const runner = new RedisStreamConsumer({
      redis: this.options.redis,
      blocking,
      key,
      topic,
      group,
      consumer,
      handler,
      claimIdleMs: this.options.claimIdleMs ?? DEFAULT_CLAIM_IDLE_MS,
      blockMs: this.options.blockMs ?? 1_000,
      batchSize: this.options.batchSize ?? 16,
    });
    this.consumers.add(runner);
    runner.start();
    return {
      topic,
      group,
      consumer,
      close: async () => {
        this.consumers.delete(runner);
        await runner.stop();
      },
    };
  }

  async health(): Promise<BackendHealth> {
    try {
      await this.options.redis.ping();
      return {
        name: 'event-stream',
        kind: 'redis',
        status: 'up',
        detail: `${this.consumers.size} consumers`,
      };
    } catch (error) {
      return { name: 'event-stream', kind: 'redis', status: 'down', detail: describeError(error) };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((runner) => runner.stop()));
    this.consumers.clear();
    if (this.options.ownsClient) await closeClient(this.options.redis);
  }
}

/**
 * QUIT when connected, so replies in flight arrive first. While Redis is away QUIT cannot be sent (the client
 * does not queue offline): drop the connection instead, which also stops the reconnection loop that would
 * otherwise keep the process alive. Closing never fails because the server is down.
 */
async function closeClient(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    try {
      await redis.quit();
      return;
    } catch {
      // The connection went away between the check and QUIT: fall through and drop it.
    }
  }
  redis.disconnect();
}
