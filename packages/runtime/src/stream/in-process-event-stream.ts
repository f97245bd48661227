import type { BackendHealth } from '../backend-health';
import {
  DEFAULT_CLAIM_IDLE_MS,
  type EventStream,
  type EventStreamTimings,
  type MessageBody,
  type MessageHandler,
  type StreamMessage,
  type SubscribeOptions,
  type Subscription,
} from './event-stream';
import { DEFAULT_STREAM_MAX_ENTRIES, InProcessTopic, type PendingEntry } from './in-process-topic';
import { copyMessageBody } from './in-process-body-copy';
import { checkName, unlessStopped } from './stream-input';

export interface InProcessEventStreamOptions extends EventStreamTimings {
  /** Entries each topic keeps, the oldest trimmed first (`L9_STREAM_MAX_ENTRIES`, default 10,000). */
  maxEntries?: number;
}

/**
 * The default stream: consumer groups inside one process with the same delivery rules as the Redis
 * implementation (ordered, acknowledged, redelivered after `claimIdleMs` when not acknowledged). Each topic keeps
 * a bounded window of entries (see InProcessTopic), so memory stays flat under steady traffic.
 */
export class InProcessEventStream implements EventStream {
  private readonly topics = new Map<string, InProcessTopic>();
  private readonly subscriptions = new Set<Subscription>();
  private sequence = 0;
  private lastMs = 0;
  private readonly claimIdleMs: number;
  private readonly maxEntries: number;

  constructor(options: InProcessEventStreamOptions = {}) {
    this.claimIdleMs = options.claimIdleMs ?? DEFAULT_CLAIM_IDLE_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_STREAM_MAX_ENTRIES;
  }

  async publish(topic: string, body: MessageBody): Promise<string> {
    const checkedTopic = checkName('topic', topic);
    const checkedBody = copyMessageBody(body);
    const now = Date.now();
    // Same id shape as Redis (`<ms>-<seq>`), strictly increasing even when the clock stands still.
    this.sequence = now > this.lastMs ? 0 : this.sequence + 1;
    this.lastMs = Math.max(now, this.lastMs);
    const id = `${this.lastMs}-${this.sequence}`;
    this.topic(checkedTopic).append({ id, body: checkedBody });
    return id;
  }

  async subscribe(
    topic: string,
    group: string,
    consumer: string,
    handler: MessageHandler,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    const state = this.topic(checkName('topic', topic)).group(
      checkName('group', group),
      options.from ?? 'start',
    );
    checkName('consumer', consumer);
    const log = this.topic(topic);
    let stopped = false;
    let stop!: () => void;
    const stopping = new Promise<void>((resolve) => (stop = resolve));
    let wake: (() => void) | undefined;

    const nextDelivery = (): PendingEntry | undefined => {
      const now = Date.now();
      for (const pending of state.pending.values()) {
        if (now - pending.deliveredAt >= this.claimIdleMs) {
          Object.assign(pending, { consumer, deliveredAt: now, deliveries: pending.deliveries + 1 });
          return pending;
        }
      }
      const entry = log.takeNext(state);
      if (!entry) return undefined;
      const pending = { entry, consumer, deliveredAt: now, deliveries: 1 };
      state.pending.set(entry.id, pending);
      return pending;
    };

    const waitForWork = () =>
      new Promise<void>((resolve) => {
        const oldest = Math.min(...[...state.pending.values()].map((p) => p.deliveredAt));
        const delay = Number.isFinite(oldest)
          ? Math.max(1, oldest + this.claimIdleMs - Date.now())
          : this.claimIdleMs;
        const timer = setTimeout(done, delay);
        const cancelAppend = log.onAppend(done);
        wake = done;
        function done() {
          clearTimeout(timer);
          cancelAppend();
          wake = undefined;
          resolve();
        }
      });

    const loop = (async () => {
      while (!stopped) {
        const delivery = nextDelivery();
        if (!delivery) {
          await waitForWork();
          continue;
        }
        const message: StreamMessage = {
          id: delivery.entry.id,
          topic,
          body: structuredClone(delivery.entry.body),
          deliveries: delivery.deliveries,
        };
        const outcome = await unlessStopped(
          Promise.resolve().then(() => handler(message)),
          stopping,
        );
        // Acknowledge only if this consumer still owns the delivery (a slow handler may have been overtaken).
        if (
          outcome === 'done' &&
          state.pending.get(delivery.entry.id) === delivery &&
          delivery.consumer === consumer
        ) {
          state.pending.delete(delivery.entry.id);
        }
      }
    })();

    const subscription: Subscription = {
      topic,
      group,
      consumer,
      close: async () => {
        stopped = true;
        stop();
        wake?.();
        await loop;
        this.subscriptions.delete(subscription);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async health(): Promise<BackendHealth> {
    return {
      name: 'event-stream',
      kind: 'memory',
      status: 'up',
      detail: `${this.topics.size} topics, ${this.subscriptions.size} subscriptions`,
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
  }

  private topic(name: string): InProcessTopic {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = new InProcessTopic(this.maxEntries);
      this.topics.set(name, topic);
    }
    return topic;
  }
}
