import { MemoryValidationError } from '../errors';
import { toStoredJson } from '../json-value';

export function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key === '')
    throw new MemoryValidationError('working memory: key must be a non-empty string');
  return key;
}

/** Effective TTL in milliseconds, or undefined for no expiry. */
export function effectiveTtlMs(
  ttlSeconds: number | undefined,
  defaultTtlSeconds: number | undefined,
): number | undefined {
  const seconds = ttlSeconds ?? defaultTtlSeconds;
  if (seconds === undefined) return undefined;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new MemoryValidationError(
      `working memory: TTL must be a positive number of seconds, got ${String(seconds)}`,
    );
  }
  return Math.max(1, Math.round(seconds * 1000));
}

export function serializeValue(key: string, value: unknown): string {
  return toStoredJson(value, `working memory key "${key}"`);
}
