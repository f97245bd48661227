import {
  type GovernanceNotification,
  type NotificationChannel,
  NotificationRejectedError,
} from './notification-channel';
import { MIN_WEBHOOK_SECRET_LENGTH, WEBHOOK_SIGNATURE_HEADER, signWebhookBody } from './webhook-signature';

export interface WebhookChannelOptions {
  url: string;
  /** Shared with the receiver; keys the `L9-Signature` HMAC. At least 32 characters. */
  secret: string;
  name?: string;
  /** Longest wait for the receiver's answer when the caller gives no signal; default 5000 ms. */
  timeoutMs?: number;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** Unix seconds for the signature; injected in tests. */
  nowSeconds?: () => number;
}

/**
 * POSTs each notification as JSON, signed with `L9-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." +
 * body)>` so the receiver can tell it came from this agent (see `verifyWebhookSignature`). One attempt per `send`:
 * network errors, timeouts, 408, 429 and 5xx reject with an Error the `NotificationDispatcher` retries; any other
 * 4xx rejects with `NotificationRejectedError`, which retrying cannot fix.
 */
export class WebhookChannel implements NotificationChannel {
  readonly name: string;
  private readonly url: string;
  private readonly secret: string;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;
  private readonly fetch: typeof fetch;
  private readonly nowSeconds: () => number;

  constructor(options: WebhookChannelOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw new Error(`webhook url "${options.url}" is not a valid URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error(`webhook url "${options.url}" must be http or https`);
    }
    // Unsigned notifications could be forged by anyone who can reach the receiver: no secret, no webhook.
    if (typeof options.secret !== 'string' || options.secret.length < MIN_WEBHOOK_SECRET_LENGTH) {
      throw new Error(
        `webhook ${parsed.host}: a signing secret of at least ${MIN_WEBHOOK_SECRET_LENGTH} characters is required (L9_GOVERNANCE_WEBHOOK_SECRET; make one with \`openssl rand -hex 32\`)`,
      );
    }
    this.name = options.name ?? `webhook:${parsed.host}`;
    this.url = options.url;
    this.secret = options.secret;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.headers = options.headers ?? {};
    this.fetch = options.fetch ?? fetch;
    this.nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  }

  async send(notification: GovernanceNotification, signal?: AbortSignal): Promise<void> {
    const body = JSON.stringify(notification);
    const deadline = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetch(this.url, {
        method: 'POST',
        headers: {
          ...this.headers,
          'content-type': 'application/json',
          [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(this.secret, body, this.nowSeconds()),
        },
        body,
        signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
      });
      // Drain the body so the connection is released back to the pool.
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      if (deadline.aborted) throw new Error(`webhook ${this.url}: no answer within ${this.timeoutMs} ms`);
      throw new Error(`webhook ${this.url}: ${(error as Error).message}`);
    }
    if (response.ok) return;
    const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
    if (retryable) throw new Error(`webhook ${this.url}: HTTP ${response.status}`);
    throw new NotificationRejectedError(
      `webhook ${this.url}: HTTP ${response.status} (refused by the receiver, not retried)`,
    );
  }
}
