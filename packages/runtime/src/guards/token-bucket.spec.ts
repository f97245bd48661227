import { RateLimiter } from './rate-limiter';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 0));

  it('allows a burst up to capacity, then refills at the configured rate', () => {
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 2, now: clock });
    expect([bucket.take(), bucket.take(), bucket.take()].every((r) => r.allowed)).toBe(true);
    expect(bucket.take()).toEqual({ allowed: false, retryAfterMs: 500 });
    now = 499;
    expect(bucket.take().allowed).toBe(false);
    now = 500;
    expect(bucket.take()).toEqual({ allowed: true, remaining: 0 });
    now = 60_000;
    expect(bucket.take()).toEqual({ allowed: true, remaining: 2 });
  });

  it('never admits a request larger than its capacity', () => {
    expect(new TokenBucket({ capacity: 2, refillPerSecond: 1, now: clock }).take(3)).toEqual({
      allowed: false,
      retryAfterMs: Number.POSITIVE_INFINITY,
    });
  });

  it('rejects a non-positive configuration', () => {
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ capacity: 1, refillPerSecond: -1 })).toThrow(RangeError);
  });
});

describe('RateLimiter', () => {
  let now = 0;
  beforeEach(() => (now = 0));

  it('keeps one bucket per source and reports Retry-After in whole seconds', () => {
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 0.4, now: () => now });
    expect(limiter.consume('a').allowed).toBe(true);
    expect(limiter.consume('a')).toEqual({ allowed: false, retryAfterSeconds: 3 });
    expect(limiter.consume('b').allowed).toBe(true);
    now = 2500;
    expect(limiter.consume('a').allowed).toBe(true);
  });

  it('stays within its bound on tracked sources', () => {
    const limiter = new RateLimiter({ capacity: 5, refillPerSecond: 1, maxSources: 3, now: () => now });
    for (const source of ['a', 'b', 'c', 'd', 'e']) limiter.consume(source);
    expect(limiter.trackedSources).toBeLessThanOrEqual(3);
    now = 10_000;
    limiter.consume('f');
    expect(limiter.trackedSources).toBe(1);
  });
});
