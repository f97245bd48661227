export interface BackoffOptions {
  /** Delay ceiling of the first retry; doubles with each further retry. */
  baseMs: number;
  /** Upper bound of any single delay. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 100, maxMs: 5000 };

/**
 * "Full jitter" exponential backoff: a uniform delay in [0, min(max, base·2^retry)). Spreading retries over the
 * whole window keeps many clients that failed together from retrying together.
 */
export function backoffDelayMs(
  retry: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/** `Retry-After` in delay-seconds or as an HTTP date, in milliseconds from `now`; undefined when absent or invalid. */
export function parseRetryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
