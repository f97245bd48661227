import type { EscalationRecord } from './escalation-record';

export interface GovernanceNotification {
  type: 'escalation.created' | 'escalation.resolved';
  escalation: EscalationRecord;
}

/** Where anchors hear about escalations: a log, a webhook, a chat bridge. */
export interface NotificationChannel {
  readonly name: string;
  /** `signal` aborts the attempt when its time is up or the agent closes; a channel that does I/O should stop on it. */
  send(notification: GovernanceNotification, signal?: AbortSignal): Promise<void>;
}

export interface NotificationDelivery {
  channel: string;
  ok: boolean;
  error?: string;
}

/**
 * A receiver refused the notification for what it is (HTTP 4xx other than 408 and 429): sending it again cannot
 * succeed, so it is not retried.
 */
export class NotificationRejectedError extends Error {
  override readonly name = 'NotificationRejectedError';
}

/**
 * Sends to every channel at once. A failing channel is reported, never thrown: the decision was already
 * taken and persisted, and one broken webhook must not hide it from the other channels. Over channels a
 * `NotificationDispatcher` has put in the background (the agent's wiring), this returns at once: `ok` then
 * means the notification is on its way, and a delivery that finally fails is reported by the dispatcher.
 */
export async function notifyAll(
  channels: readonly NotificationChannel[],
  notification: GovernanceNotification,
): Promise<NotificationDelivery[]> {
  const results = await Promise.allSettled(channels.map((channel) => channel.send(notification)));
  return results.map((result, index) => {
    const channel = channels[index]!.name;
    if (result.status === 'fulfilled') return { channel, ok: true };
    const reason = result.reason as unknown;
    return { channel, ok: false, error: reason instanceof Error ? reason.message : String(reason) };
  });
}
