import type { QualityGate } from '../meta/validation-checklist-meta';

/**
 * A percentage for people to read, truncated (never rounded up) to two decimals so 94.999 % shows as
 * 94.99 % and a failing count never looks like it met a 95 % gate. Verdicts never come from this text.
 */
export function displayPercent(passed: number, total: number): string {
  if (total === 0) return 'n/a';
  const hundredths = Math.floor((passed * 10000) / total);
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')} %`;
}

export const displayCounts = (passed: number, total: number): string => `${passed}/${total}`;

/** What a gate requires, as the checklist template states it. */
export function displayRequirement(gate: QualityGate): string {
  const rule =
    gate.min_percent !== undefined ? `≥ ${gate.min_percent} %` : `≤ ${gate.max_failed ?? 0} failing`;
  return `${rule}; ${gate.when_empty === 'pass' ? 'passes' : 'fails'} when nothing is measured`;
}

export const displayVerdict = (ok: boolean): string => (ok ? 'pass' : 'FAIL');

/** `1 gate`, `2 gates`: counts in sentences. */
export const countOf = (n: number, singular: string, plural = `${singular}s`): string =>
  `${n} ${n === 1 ? singular : plural}`;
