import { describeError } from './describe-error';
import { BackendUnavailableError } from './errors';

export interface WriteThroughOptions {
  /** Name used in errors and health details, e.g. `episodic-log`. */
  layer: string;
  /** The backend as people know it, for messages: `PostgreSQL`, `Redis`. */
  backend: string;
  /** Tells a lost connection (the write did not reach the backend) from a refusal by the backend (bad SQL, wrong type). */
  isConnectionError: (error: unknown) => boolean;
}

/**
 * Every write of a memory layer goes to its backend before the caller hears "done": a write is acknowledged only
 * once the backend has it, so an agent killed right after answering loses nothing it acknowledged. While the backend
 * is unreachable, a write fails with `BackendUnavailableError`, which the server answers with 503 (the caller retries
 * later); nothing is kept in process memory where a crash would lose it.
 *
 * A connection lost mid-write gets one more attempt: a pooled connection the server dropped while idle fails the
 * first query sent on it, and the pool has discarded it by then. Every memory write is idempotent (upserts, and
 * inserts keyed by an id chosen before the first attempt), so a second attempt never stores a write twice.
 */
export class WriteThrough {
  constructor(private readonly options: WriteThroughOptions) {}

  async write<T>(description: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (first) {
      if (!this.options.isConnectionError(first)) throw first;
    }
    try {
      return await run();
    } catch (second) {
      if (!this.options.isConnectionError(second)) throw second;
      throw new BackendUnavailableError(
        this.options.layer,
        `${description} was not stored: ${this.options.backend} unreachable (${describeError(second)})`,
      );
    }
  }
}
