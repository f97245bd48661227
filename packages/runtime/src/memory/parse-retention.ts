import { AMOUNT_WITH_UNIT, unitSeconds } from './duration-units';
import { MemoryValidationError } from './errors';

const KEEP_FOREVER = /^(indefinite(ly)?|forever|permanent|none|unlimited)\b/i;

/**
 * Reads an episodic retention period as written in agent schemas ("90 days", "1 year",
 * "3 years (compliance requirement)", "indefinite"). Returns milliseconds, or `null` for "keep forever".
 */
export function parseRetention(text: string | undefined): number | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  if (trimmed === '' || KEEP_FOREVER.test(trimmed)) return null;
  const match = AMOUNT_WITH_UNIT.exec(trimmed);
  if (!match || match.index !== 0) {
    throw new MemoryValidationError(
      `retention "${text}": expected a period such as "90 days", "1 year" or "indefinite"`,
    );
  }
  const seconds = unitSeconds(match[2]!);
  if (seconds === undefined) {
    throw new MemoryValidationError(
      `retention "${text}": unknown unit "${match[2]}" (use days, weeks, months, years)`,
    );
  }
  const amount = Number(match[1]);
  if (amount <= 0) throw new MemoryValidationError(`retention "${text}": must be a positive period`);
  return amount * seconds * 1000;
}
