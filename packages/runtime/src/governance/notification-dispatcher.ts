import type { BackendHealth } from '../backend-health';
import { type BackoffOptions, backoffDelayMs } from '../client/backoff';
import type { GovernanceNotification, NotificationChannel } from './notification-channel';

export interface NotificationFailure {
  channel: string;
  notification: GovernanceNotification;
  /** Attempts made, the first included. */
  attempts: number;
  error: string;
}

export interface NotificationDispatcherOptions {
  /** Longest wait for one attempt of one channel; default 5000 ms. */
  attemptTimeoutMs?: number;
  /** Attempts after the first; default 3. */
  retries?: number;
  /** Delay before each retry (full jitter); default 250 ms doubling up to 10 s. */
  backoff?: BackoffOptions;
  /** How long `close()` waits for deliveries still in flight before it abandons them; default 10 000 ms. */
  closeTimeoutMs?: number;
  /** Told about every notification a channel could not take in the end (the agent logs it). */
  onFailure?: (failure: NotificationFailure) => void;
  random?: () => number;
}

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 10_000 };

/**
 * Delivers governance notifications off the request path. A channel put `inBackground` answers `send` at once, so
 * the request that escalates (or resolves) never waits for a webhook; the dispatcher then tries each delivery with
 * a timeout per attempt and a bounded number of retries with backoff, and reports a delivery that finally fails to
 * `onFailure`. `close()` waits, bounded, for what is still in flight, so stopping an agent neither drops a
 * notification that was about to arrive nor hangs on a receiver that never answers.
 */
export class NotificationDispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly attemptTimeoutMs: number;
  private readonly retries: number;
  private readonly backoff: BackoffOptions;
  private readonly closeTimeoutMs: number;
  private closed = false;
  private failed = 0;

  constructor(private readonly options: NotificationDispatcherOptions = {}) {
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 5000;
    this.retries = options.retries ?? 3;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
  }

  /** Deliveries started and not yet finished. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** `channel` with a `send` that hands the notification to this dispatcher and resolves at once. */
  inBackground(channel: NotificationChannel): NotificationChannel {
    return {
      name: channel.name,
      send: async (notification) => this.dispatch(channel, notification),
    };
  }

  /** Starts delivering `notification` to `channel` and returns without waiting. */
  dispatch(channel: NotificationChannel, notification: GovernanceNotification): void {
    if (this.closed) {
      this.report({
        channel: channel.name,
        notification,
        attempts: 0,
        error: 'not sent: the agent is closing',
      });
      return;
    }
    const delivery = this.deliver(channel, notification).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  /** Always up (delivery problems are the receivers'); the detail counts deliveries in flight and given up. */
  async health(): Promise<BackendHealth> {
    return {
      name: 'notifications',
      kind: 'memory',
      status: 'up',
      detail: `${this.inFlight.size} in flight, ${this.failed} failed`,
    };
  }

  /** Waits up to `closeTimeoutMs` for deliveries in flight, then aborts the rest (each reported as failed). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const timeUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.closeTimeoutMs);
      });
      await Promise.race([Promise.allSettled([...this.inFlight]), timeUp]);
      clearTimeout(timer);
    }
    this.stopping.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(channel: NotificationChannel, notification: GovernanceNotification): Promise<void> {
    let attempts = 0;
    let error = '';
    for (let retry = 0; retry <= this.retries; retry += 1) {
      if (retry > 0 && !(await this.pause(backoffDelayMs(retry - 1, this.backoff, this.options.random))))
        break;
      attempts += 1;
      const outcome = await this.attempt(channel, notification);
      if (outcome.ok) return;
      error = outcome.error;
      if (!outcome.retryable || this.stopping.signal.aborted) break;
    }
    if (this.stopping.signal.aborted) error = `${error} (abandoned: the agent closed before delivery)`;
    this.report({ channel: channel.name, notification, attempts, error });
  }

  private report(failure: NotificationFailure): void {
    this.failed += 1;
    try {
      this.options.onFailure?.(failure);
    } catch {
      // A failing report must not become an unhandled rejection of a delivery nobody awaits.
    }
  }

  private async attempt(
    channel: NotificationChannel,
    notification: GovernanceNotification,
  ): Promise<{ ok: true } | { ok: false; retryable: boolean; error: string }> {
    const signal = AbortSignal.any([AbortSignal.timeout(this.attemptTimeoutMs), this.stopping.signal]);
    // A channel that ignores its signal is still cut off: the attempt ends when the signal does.
    const aborted = new Promise<never>((_resolve, reject) => {
      signal.addEventListener(
        'abort',
        () =>
          reject(
            new Error(
              this.stopping.signal.aborted
                ? 'aborted: the agent closed'
                : `no answer within ${this.attemptTimeoutMs} ms`,
            ),
          ),
        { once: true },
      );
    });
    aborted.catch(() => undefined);
    try {
      await Promise.race([channel.send(notification, signal), aborted]);
      return { ok: true };
    } catch (error) {
      const rejected = error instanceof Error && error.name === 'NotificationRejectedError';
      return {
        ok: false,
        retryable: !rejected,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }

  /** Sleeps `ms`; resolves false at once when the dispatcher is stopping. */
  private pause(ms: number): Promise<boolean> {
    if (this.stopping.signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onStop = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.stopping.signal.removeEventListener('abort', onStop);
        resolve(true);
      }, ms);
      this.stopping.signal.addEventListener('abort', onStop, { once: true });
    });
  }
}
