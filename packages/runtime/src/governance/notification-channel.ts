import type { EscalationRecord } from './escalation-record';

export interface GovernanceNotification {
  type: 'escalation.created' | 'escalation.resolved';
  escalation: EscalationRecord;
}

/** Where anchors hear about escalations: a log, a webhook, a chat bridge. */
export interface NotificationChannel {
  readonly name: string;
  send(notification: GovernanceNotification): Promise<void>;
}

export interface NotificationDelivery {
  channel: string;
  ok: boolean;
  error?: string;
}

/**
 * Sends to every channel at once. A failing channel is reported, never thrown: the decision was already
 * taken and persisted, and one broken webhook must not hide it from the other channels.
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
