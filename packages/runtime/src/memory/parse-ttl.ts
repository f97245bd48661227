import { unitSeconds } from './duration-units';
import { MemoryValidationError } from './errors';

const TTL_MARKER = /\bTTL\b\s*[=:]?\s*(.*)$/is;
const LEADING_DURATION = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)/;

/**
 * Reads the working-memory TTL an agent schema states in prose: "Cache … TTL=1hr", "TTL = 5 minutes",
 * "TTL=60s", or a bare duration ("30 minutes", "45" meaning seconds). Returns seconds, or `undefined`
 * when the text states no TTL at all. A TTL that is stated but unreadable is an error, not a silent default.
 */
export function parseTtl(text: string | number | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (typeof text === 'number') return positiveSeconds(text, String(text));
  const marked = TTL_MARKER.exec(text);
  const candidate = (marked ? marked[1]! : text).trim();
  const match = LEADING_DURATION.exec(candidate);
  if (!match) {
    if (marked)
      throw new MemoryValidationError(`TTL "${text}": expected a duration such as "TTL=60s" or "TTL=1hr"`);
    return undefined;
  }
  const unit = match[2]!;
  const seconds = unit === '' ? 1 : unitSeconds(unit);
  if (seconds === undefined) {
    if (!marked) return undefined;
    throw new MemoryValidationError(`TTL "${text}": unknown unit "${unit}" (use s, min, hr, days)`);
  }
  return positiveSeconds(Number(match[1]) * seconds, text);
}

function positiveSeconds(seconds: number, source: string): number {
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new MemoryValidationError(`TTL "${source}": must be a positive duration`);
  }
  return seconds;
}
