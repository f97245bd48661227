import type { Backend } from '../backend-health';

export type MessageBody = { [key: string]: unknown };

export interface StreamMessage {
  /** Stream entry id; increases with publication order within a topic. */
  id: string;
  topic: string;
  /** The published JSON object (usually a PacketEnvelope). */
  body: MessageBody;
  /** 1 on first delivery; more when redelivered after a failed handler or a dead consumer. */
  deliveries: number;
}

/** Resolving acknowledges the message; throwing (or never finishing) leaves it pending for redelivery. */
export type MessageHandler = (message: StreamMessage) => Promise<void> | void;

export interface SubscribeOptions {
  /** Where a group that does not exist yet starts: every retained message (`start`, default) or only new ones. */
  from?: 'start' | 'new';
}

export interface Subscription {
  readonly topic: string;
  readonly group: string;
  readonly consumer: string;
  /** Stops receiving. Messages delivered but not acknowledged stay pending and go to another consumer. */
  close(): Promise<void>;
}

/**
 * Topic-based event stream with consumer groups: every group receives every message once (fan-out),
 * consumers of one group share its messages, and a message counts as handled only when acknowledged.
 */
export interface EventStream extends Backend {
  publish(topic: string, body: MessageBody): Promise<string>;
  subscribe(
    topic: string,
    group: string,
    consumer: string,
    handler: MessageHandler,
    options?: SubscribeOptions,
  ): Promise<Subscription>;
}

/** How long a delivered message may stay unacknowledged before another consumer takes it over, by default. */
export const DEFAULT_CLAIM_IDLE_MS = 30_000;

export interface EventStreamTimings {
  /** A pending message idle this long is taken over by whichever consumer of its group polls next (DEFAULT_CLAIM_IDLE_MS). */
  claimIdleMs?: number;
}
