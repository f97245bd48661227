export interface TokenBucketOptions {
  /** Most tokens the bucket holds: the burst a source may send at once. */
  capacity: number;
  /** Tokens added per second: the sustained rate. */
  refillPerSecond: number;
  /** Milliseconds clock; injected in tests. */
  now?: () => number;
}

export type TakeResult = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

/** Classic token bucket, refilled lazily on each call from the elapsed time (no timers). */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.capacity > 0) || !(options.refillPerSecond > 0)) {
      throw new RangeError('TokenBucket: capacity and refillPerSecond must be positive');
    }
    this.now = options.now ?? Date.now;
    this.tokens = options.capacity;
    this.updatedAt = this.now();
  }

  take(count = 1): TakeResult {
    if (count > this.options.capacity) return { allowed: false, retryAfterMs: Number.POSITIVE_INFINITY };
    this.refill();
    if (this.tokens >= count) {
      this.tokens -= count;
      return { allowed: true, remaining: Math.floor(this.tokens) };
    }
    return {
      allowed: false,
      retryAfterMs: Math.ceil(((count - this.tokens) / this.options.refillPerSecond) * 1000),
    };
  }

  /** True when the bucket has refilled completely, i.e. forgetting it changes nothing. */
  isFull(): boolean {
    this.refill();
    return this.tokens >= this.options.capacity;
  }

  private refill(): void {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(
      this.options.capacity,
      this.tokens + elapsedSeconds * this.options.refillPerSecond,
    );
    this.updatedAt = now;
  }
}
