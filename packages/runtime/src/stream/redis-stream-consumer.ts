import type Redis from 'ioredis';
import type { MessageHandler, StreamMessage } from './event-stream';
import { unlessStopped } from './stream-input';

export interface RedisStreamConsumerOptions {
  /** Shared connection for XACK, XAUTOCLAIM and XPENDING. */
  redis: Redis;
  /** This consumer's own connection: XREADGROUP BLOCK would stall every other command on a shared one. */
  blocking: Redis;
  key: string;
  topic: string;
  group: string;
  consumer: string;
  handler: MessageHandler;
  claimIdleMs: number;
  blockMs: number;
  batchSize: number;
}

type RawEntry = [id: string, fields: string[]] | null;

/** The read → handle → acknowledge loop of one consumer of one group. */
export class RedisStreamConsumer {
  private stopped = false;
  private stopSignal!: () => void;
  private readonly stopping = new Promise<void>((resolve) => (this.stopSignal = resolve));
  private loop: Promise<void> | undefined;

  constructor(private readonly options: RedisStreamConsumerOptions) {}

  start(): void {
    this.loop = this.run();
  }

  /** Ends the loop without acknowledging what is in flight, and closes the blocking connection. */
  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.stopSignal();
      // Interrupts a blocked XREADGROUP at once instead of waiting for its timeout.
      this.options.blocking.disconnect();
    }
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const claimed = await this.claimAbandoned();
        for (const entry of claimed)
          if (!this.stopped) await this.deliver(entry, await this.deliveryCount(entry[0]));
        if (this.stopped) break;
        const fresh = await this.readNew();
        for (const entry of fresh) if (!this.stopped) await this.deliver(entry, 1);
      } catch {
        // Connection trouble: pause, then resume; messages stay pending in Redis meanwhile.
        if (!this.stopped)
          await unlessStopped(
            new Promise((resolve) => setTimeout(resolve, this.options.blockMs)),
            this.stopping,
          );
      }
    }
  }

  private async claimAbandoned(): Promise<Array<[string, string[]]>> {
    const { redis, key, group, consumer, claimIdleMs, batchSize } = this.options;
    const reply = (await redis.xautoclaim(key, group, consumer, claimIdleMs, '0-0', 'COUNT', batchSize)) as [
      string,
      RawEntry[],
    ];
    // Entries deleted from the stream meanwhile come back as null.
    return reply[1].filter((entry): entry is [string, string[]] => entry !== null);
  }

  private async readNew(): Promise<Array<[string, string[]]>> {
    const { blocking, key, group, consumer, blockMs, batchSize } = this.options;
    const reply = (await blocking.xreadgroup(
      'GROUP',
      group,
      consumer,
      'COUNT',
      batchSize,
      'BLOCK',
      blockMs,
      'STREAMS',
      key,
      '>',
    )) as Array<[string, RawEntry[]]> | null;
    return (reply?.[0]?.[1] ?? []).filter((entry): entry is [string, string[]] => entry !== null);
  }

  private async deliveryCount(id: string): Promise<number> {
    const { redis, key, group } = this.options;
    const pending = (await redis.xpending(key, group, id, id, 1)) as Array<[string, string, number, number]>;
    return pending[0]?.[3] ?? 1;
  }

  private async deliver([id, fields]: [string, string[]], deliveries: number): Promise<void> {
    const bodyIndex = fields.indexOf('body');
    const message: StreamMessage = {
      id,
      topic: this.options.topic,
      body: JSON.parse(fields[bodyIndex + 1] ?? '{}') as StreamMessage['body'],
      deliveries,
    };
    const outcome = await unlessStopped(
      Promise.resolve().then(() => this.options.handler(message)),
      this.stopping,
    );
    if (outcome === 'done') await this.options.redis.xack(this.options.key, this.options.group, id);
  }
}
