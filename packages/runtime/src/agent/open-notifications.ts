import type { Logger } from 'pino';
import type { RuntimeConfig } from '../config/load-runtime-config';
import { LogChannel, NotificationDispatcher, WebhookChannel, type NotificationChannel } from '../governance';

export interface AgentNotifications {
  /** Delivers in the background; close it after governance so in-flight notifications get their (bounded) chance. */
  dispatcher: NotificationDispatcher;
  /** The log, and the signed webhook when `L9_GOVERNANCE_WEBHOOK_URL` is set, each answering `send` at once. */
  channels: NotificationChannel[];
}

/**
 * The agent's governance notification channels, delivered off the request path: a request that escalates never
 * waits for a receiver. Each attempt is bounded by `L9_NOTIFY_TIMEOUT_MS` and retried `L9_NOTIFY_RETRIES` times with
 * backoff; a delivery that still fails is logged. The webhook is signed with `L9_GOVERNANCE_WEBHOOK_SECRET`, which
 * the configuration requires whenever the URL is set.
 */
export function openNotifications(config: RuntimeConfig['notifications'], log: Logger): AgentNotifications {
  const dispatcher = new NotificationDispatcher({
    attemptTimeoutMs: config.timeoutMs,
    retries: config.retries,
    onFailure: ({ channel, notification, attempts, error }) =>
      log.warn(
        { channel, escalation_id: notification.escalation.id, event: notification.type, attempts, error },
        'governance notification failed',
      ),
  });
  const channels: NotificationChannel[] = [new LogChannel(log)];
  if (config.webhookUrl) {
    if (!config.webhookSecret)
      throw new Error('L9_GOVERNANCE_WEBHOOK_SECRET is required because L9_GOVERNANCE_WEBHOOK_URL is set');
    channels.push(
      new WebhookChannel({
        url: config.webhookUrl,
        secret: config.webhookSecret,
        timeoutMs: config.timeoutMs,
      }),
    );
  }
  return { dispatcher, channels: channels.map((channel) => dispatcher.inBackground(channel)) };
}
