import { TokenBucket, TokenBucketOptions } from './token-bucket';

export interface RateLimiterOptions extends TokenBucketOptions {
  /** Bound on tracked sources; full buckets are dropped first, so a flood of ids cannot exhaust memory. */
  maxSources?: number;
}

export type RateDecision =
  { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/**
 * The bucket a request draws from: an identity the agent authenticated (a verified caller token's subject, or
 * the source agent of an envelope whose signature verified), else the client address. Never a field the
 * caller writes unchecked, so changing one does not buy a fresh bucket. Packets and endpoint calls of one
 * identity share its bucket.
 */
export type RateLimitSubject = { identity: string } | { address: string };

export function rateLimitKey(subject: RateLimitSubject): string {
  return 'identity' in subject ? `identity:${subject.identity}` : `address:${subject.address}`;
}

/** One token bucket per source (see `rateLimitKey`). */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly maxSources: number;

  constructor(private readonly options: RateLimiterOptions) {
    this.maxSources = options.maxSources ?? 10_000;
    // Validate once up front instead of on the first request.
    new TokenBucket(options);
  }

  consume(source: string, count = 1): RateDecision {
    let bucket = this.buckets.get(source);
    if (!bucket) {
      this.makeRoom();
      bucket = new TokenBucket(this.options);
      this.buckets.set(source, bucket);
    }
    const result = bucket.take(count);
    if (result.allowed) return result;
    // Retry-After is whole seconds (RFC 9110); round up so a client that obeys it is admitted.
    return {
      allowed: false,
      retryAfterSeconds: Number.isFinite(result.retryAfterMs)
        ? Math.max(1, Math.ceil(result.retryAfterMs / 1000))
        : Number.MAX_SAFE_INTEGER,
    };
  }

  get trackedSources(): number {
    return this.buckets.size;
  }

  private makeRoom(): void {
    if (this.buckets.size < this.maxSources) return;
    for (const [source, bucket] of this.buckets) {
      if (bucket.isFull()) this.buckets.delete(source);
    }
    // Every source is mid-burst: drop the oldest rather than grow without bound.
    if (this.buckets.size >= this.maxSources) this.buckets.delete(this.buckets.keys().next().value as string);
  }
}
