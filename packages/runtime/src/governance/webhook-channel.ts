import type { GovernanceNotification, NotificationChannel } from './notification-channel';

export interface WebhookChannelOptions {
  url: string;
  name?: string;
  /** Per attempt; default 5000 ms. */
  timeoutMs?: number;
  /** Attempts after the first; default 2. */
  retries?: number;
  /** Delay before retry n is backoffMs * 2^(n-1); default 200 ms. */
  backoffMs?: number;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * POSTs each notification as JSON. Network errors, timeouts, 5xx and 429 are retried with exponential
 * backoff; other 4xx mean the receiver rejects the payload, which retrying cannot fix.
 */
export class WebhookChannel implements NotificationChannel {
  readonly name: string;
  private readonly options: Required<Omit<WebhookChannelOptions, 'name' | 'headers'>> & {
    headers: Record<string, string>;
  };

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
    this.name = options.name ?? `webhook:${parsed.host}`;
    this.options = {
      url: options.url,
      timeoutMs: options.timeoutMs ?? 5000,
      retries: options.retries ?? 2,
      backoffMs: options.backoffMs ?? 200,
      headers: options.headers ?? {},
      fetch: options.fetch ?? fetch,
      sleep: options.sleep ?? defaultSleep,
    };
  }

  async send(notification: GovernanceNotification): Promise<void> {
    const { retries, backoffMs, sleep } = this.options;
    const body = JSON.stringify(notification);
    let lastError = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(backoffMs * 2 ** (attempt - 1));
      const outcome = await this.attempt(body);
      if (outcome.ok) return;
      lastError = outcome.error;
      if (!outcome.retryable) break;
    }
    throw new Error(`webhook ${this.options.url} failed: ${lastError}`);
  }

  private async attempt(body: string): Promise<{ ok: true } | { ok: false; retryable: boolean; error: string }> {
    const { url, timeoutMs, headers } = this.options;
    try {
      const response = await this.options.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Drain the body so the connection is released back to the pool.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true };
      const retryable = response.status >= 500 || response.status === 429;
      return { ok: false, retryable, error: `HTTP ${response.status}` };
    } catch (error) {
      const name = (error as Error).name;
      const message = name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
      return { ok: false, retryable: true, error: message };
    }
  }
}
