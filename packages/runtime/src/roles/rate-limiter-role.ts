import type { AgentRuntime } from '../agent/agent-runtime';
import { RateLimiter, type RateDecision } from '../guards/rate-limiter';
import { flagEnabled } from './role-flags';

export interface RateLimiterRoleOptions {
  /** Burst per source; default the runtime's `L9_RATE_LIMIT_BURST`. */
  capacity?: number;
  /** Sustained rate per source; default the runtime's `L9_RATE_LIMIT_PER_SECOND`. */
  refillPerSecond?: number;
  /** Milliseconds clock, injected in tests. */
  now?: () => number;
}

/**
 * Token buckets per source (an agent id, a client, a tenant) for work that does not come through the
 * server's packet route, which has its own: outgoing calls, event-stream consumption, batch jobs. Sized
 * from the agent's configuration; with `L9_ENABLE_RATE_LIMITS=false` every request is admitted.
 */
export class RateLimiterRole {
  private readonly limiter: RateLimiter;
  readonly capacity: number;
  readonly refillPerSecond: number;

  constructor(
    private readonly runtime: AgentRuntime,
    options: RateLimiterRoleOptions = {},
  ) {
    this.capacity = options.capacity ?? runtime.config.rateLimit.capacity;
    this.refillPerSecond = options.refillPerSecond ?? runtime.config.rateLimit.refillPerSecond;
    this.limiter = new RateLimiter({
      capacity: this.capacity,
      refillPerSecond: this.refillPerSecond,
      ...(options.now ? { now: options.now } : {}),
    });
  }

  get enabled(): boolean {
    return flagEnabled(this.runtime, 'RATE_LIMITS', true);
  }

  /** Takes `cost` tokens from the source's bucket. */
  check(source: string, cost = 1): RateDecision {
    if (!source) throw new RangeError('rate limit source must be a non-empty string');
    if (!this.enabled) return { allowed: true, remaining: this.capacity };
    return this.limiter.consume(source, cost);
  }

  /** Runs `work` when the source has a token; otherwise throws `RateLimitedError` with the wait. */
  async run<T>(source: string, work: () => Promise<T>, cost = 1): Promise<T> {
    const decision = this.check(source, cost);
    if (!decision.allowed) throw new RateLimitedError(source, decision.retryAfterSeconds);
    return work();
  }

  get trackedSources(): number {
    return this.limiter.trackedSources;
  }
}

export class RateLimitedError extends Error {
  constructor(
    readonly source: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`${source} is over its rate limit; retry after ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
  }
}
