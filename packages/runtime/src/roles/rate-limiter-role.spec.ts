import type { AgentRuntime } from '../agent/agent-runtime';
import { createTestRuntime } from '../agent/test-runtime';
import { RateLimitedError, RateLimiterRole } from './rate-limiter-role';
import { roleTestBlueprint } from './role-test-support';

describe('RateLimiterRole', () => {
  let runtime: AgentRuntime;
  let now = 0;
  const clock = () => now;

  beforeEach(async () => {
    now = 1_000_000;
    runtime = await createTestRuntime(roleTestBlueprint(), {
      L9_RATE_LIMIT_BURST: '2',
      L9_RATE_LIMIT_PER_SECOND: '1',
    });
  });

  afterEach(async () => {
    await runtime.close();
  });

  it("admits a source's burst from the configuration and refills over time, each source on its own bucket", async () => {
    const limiter = new RateLimiterRole(runtime, { now: clock });
    expect(limiter.capacity).toBe(2);
    expect(limiter.check('main-agent')).toEqual({ allowed: true, remaining: 1 });
    expect(await limiter.run('main-agent', async () => 'done')).toBe('done');
    expect(limiter.check('main-agent')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.check('tensor-auditor').allowed).toBe(true);
    now += 1_000;
    expect(limiter.check('main-agent').allowed).toBe(true);
    expect(limiter.trackedSources).toBe(2);
  });

  it('refuses work over the limit, an empty source and a bad size; admits everything when the flag is off', async () => {
    const limiter = new RateLimiterRole(runtime, { now: clock, capacity: 1, refillPerSecond: 0.5 });
    limiter.check('x');
    await expect(limiter.run('x', async () => 'never')).rejects.toMatchObject({
      name: 'RateLimitedError',
      retryAfterSeconds: 2,
    });
    await expect(limiter.run('x', async () => 'never')).rejects.toBeInstanceOf(RateLimitedError);
    expect(() => limiter.check('')).toThrow(RangeError);
    expect(() => new RateLimiterRole(runtime, { capacity: 0 })).toThrow(RangeError);
    const open = await createTestRuntime(roleTestBlueprint(), { L9_ENABLE_RATE_LIMITS: 'false' });
    try {
      const unlimited = new RateLimiterRole(open, { capacity: 1 });
      expect(unlimited.enabled).toBe(false);
      expect([unlimited.check('x'), unlimited.check('x')].every((d) => d.allowed)).toBe(true);
    } finally {
      await open.close();
    }
  });
});
