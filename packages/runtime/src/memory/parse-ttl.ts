import { AMOUNT_WITH_UNIT, unitSeconds } from './duration-units';
import { MemoryValidationError } from './errors';

const TTL_MARKER = /\bTTL\s*[=:]?\s*(\d+(?:\.\d+)?\s*[a-zA-Z]*)/i;

/**
 * Reads the working-memory TTL an agent schema states in prose: "Cache … TTL=1hr", "TTL = 5 minutes",
 * "TTL=60s", or a bare duration ("30 minutes", "45" meaning seconds). Returns seconds, or `undefined`
 * when the text states no TTL at all. A TTL with an unknown unit is an error, not a silent default.
 */
export function parseTtl(text: string | number | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (typeof text === 'number') return positiveSeconds(text, String(text));
  const marked = TTL_MARKER.exec(text);
  const candidate = marked ? marked[1]!.trim() : text.trim();
  if (/^\d+(\.\d+)?$/.test(candidate)) return positiveSeconds(Number(candidate), text);
  const match = AMOUNT_WITH_UNIT.exec(candidate);
  if (!match || (!marked && match.index !== 0)) {
    if (marked) throw new MemoryValidationError(`TTL "${text}": expected a duration such as "TTL=60s" or "TTL=1hr"`);
    return undefined;
  }
  const seconds = unitSeconds(match[2]!);
  if (seconds === undefined) {
    throw new MemoryValidationError(`TTL "${text}": unknown unit "${match[2]}" (use s, min, hr, days)`);
  }
  return positiveSeconds(Number(match[1]) * seconds, text);
}

function positiveSeconds(seconds: number, source: string): number {
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new MemoryValidationError(`TTL "${source}": must be a positive duration`);
  }
  return seconds;
}
