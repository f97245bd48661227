import { errorCode, isErrorLike } from './error-shape';
import { OutboxFullError, OutboxNotDrainedError } from './errors';

export interface OutboxOptions {
  /** Name used in errors and health details, e.g. `working-memory`. */
  layer: string;
  /** Most writes buffered while the backend is away; one more is rejected with `OutboxFullError`. */
  capacity?: number;
  /** Pause between flush attempts while the backend is unreachable. */
  retryIntervalMs?: number;
  /** Tells a lost connection (buffer and retry) from a refusal by the backend (surface to the caller). */
  isConnectionError: (error: unknown) => boolean;
}

interface PendingWrite {
  description: string;
  run: () => Promise<void>;
}

export type WriteOutcome = 'written' | 'buffered';

/**
 * Ordered, bounded buffer of writes that a backend could not take yet.
 *
 * While anything is buffered, new writes queue behind it, so the backend sees writes in exactly the order
 * they were acknowledged. A write that fails because the connection is gone is buffered and acknowledged;
 * a write the backend rejects for what it is (bad SQL, wrong type) is thrown to its caller. A buffered write
 * that later meets such a rejection is recorded as failed and reported by `describeFailures()`.
 */
export class WriteOutbox {
  private readonly queue: PendingWrite[] = [];
  private readonly capacity: number;
  private readonly retryIntervalMs: number;
  private lastConnectionError: string | undefined;
  private readonly failures: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: OutboxOptions) {
    this.capacity = options.capacity ?? 10_000;
    this.retryIntervalMs = options.retryIntervalMs ?? 250;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Last connection problem seen, or undefined when the backend last answered. */
  get connectionProblem(): string | undefined {
    return this.lastConnectionError;
  }

  async write(description: string, run: () => Promise<void>): Promise<WriteOutcome> {
    if (this.queue.length === 0) {
      try {
        await run();
        this.lastConnectionError = undefined;
        return 'written';
      } catch (error) {
        if (!this.options.isConnectionError(error)) throw error;
        this.lastConnectionError = describeError(error);
      }
    }
    if (this.queue.length >= this.capacity) throw new OutboxFullError(this.options.layer, this.capacity);
    this.queue.push({ description, run });
    this.scheduleFlush(this.retryIntervalMs);
    return 'buffered';
  }

  /** Tries to hand every buffered write to the backend now; resolves when done or when the backend is still away. */
  flush(): Promise<void> {
    if (!this.flushing) {
      this.flushing = this.drain().finally(() => {
        this.flushing = undefined;
      });
    }
    return this.flushing;
  }

  /** Call when the backend reports it is reachable again, so recovery does not wait for the retry timer. */
  notifyReconnected(): void {
    if (this.queue.length > 0) this.scheduleFlush(0);
  }

  /** Health note: "connection refused; 3 writes pending", or undefined when nothing is outstanding. */
  describeBacklog(): string | undefined {
    const parts: string[] = [];
    if (this.queue.length > 0) {
      parts.push(`${this.lastConnectionError ?? 'backend unreachable'}; ${this.queue.length} writes pending`);
    }
    if (this.failures.length > 0) {
      parts.push(`${this.failures.length} buffered writes rejected by the backend (last: ${this.failures.at(-1)})`);
    }
    return parts.length > 0 ? parts.join('; ') : undefined;
  }

  /** Final flush; rejects with `OutboxNotDrainedError` when buffered writes could not be delivered. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    if (this.queue.length > 0) throw new OutboxNotDrainedError(this.options.layer, this.queue.length);
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      try {
        await head.run();
        this.lastConnectionError = undefined;
      } catch (error) {
        if (this.options.isConnectionError(error)) {
          this.lastConnectionError = describeError(error);
          this.scheduleFlush(this.retryIntervalMs);
          return;
        }
        this.failures.push(`${head.description}: ${describeError(error)}`);
      }
      this.queue.shift();
    }
  }

  private scheduleFlush(delayMs: number): void {
    if (this.closed) return;
    if (this.timer) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
    // A pending retry must not keep a process alive that is otherwise done.
    this.timer.unref();
  }
}

export function describeError(error: unknown): string {
  if (!isErrorLike(error)) return String(error);
  if (errorCode(error) === 'ECONNREFUSED') return 'connection refused';
  if (error.message) return error.message;
  // Node reports a refused connection to a host with several addresses as an AggregateError without a message.
  const inner = (error as { errors?: unknown[] }).errors;
  if (Array.isArray(inner) && inner.length > 0) return describeError(inner[0]);
  return errorCode(error) ?? error.name;
}
