import { backoffDelayMs, parseRetryAfterMs } from './backoff';

describe('backoffDelayMs', () => {
  it('draws uniformly below a ceiling that doubles per retry up to the maximum', () => {
    const options = { baseMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 4].map((retry) => backoffDelayMs(retry, options, () => 0.999999))).toEqual([
      99, 199, 399, 799, 999,
    ]);
    expect(backoffDelayMs(3, options, () => 0)).toBe(0);
    expect(backoffDelayMs(1, options, () => 0.5)).toBe(100);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delay-seconds and HTTP dates, and ignores anything else', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(parseRetryAfterMs('3')).toBe(3000);
    expect(parseRetryAfterMs('Sun, 01 Mar 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfterMs('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon')).toBeUndefined();
    expect(parseRetryAfterMs(null)).toBeUndefined();
  });
});
