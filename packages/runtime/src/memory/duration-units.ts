/** Seconds per unit for the durations written in agent schemas ("TTL=1hr", "90 days", "2 years"). */
const UNIT_SECONDS: ReadonlyArray<[RegExp, number]> = [
  [/^(ms|msecs?|millis(econds?)?|milliseconds?)$/, 0.001],
  [/^(s|secs?|seconds?)$/, 1],
  [/^(m|mins?|minutes?)$/, 60],
  [/^(h|hrs?|hours?)$/, 3600],
  [/^(d|days?)$/, 86_400],
  [/^(w|wks?|weeks?)$/, 7 * 86_400],
  [/^(mo|mons?|months?)$/, 30 * 86_400],
  [/^(y|yrs?|years?)$/, 365 * 86_400],
];

export function unitSeconds(unit: string): number | undefined {
  const normalized = unit.toLowerCase();
  return UNIT_SECONDS.find(([pattern]) => pattern.test(normalized))?.[1];
}

/** `<number> <unit>` anywhere in a text, e.g. "5 minutes", "1hr", "90 days (compliance)". */
export const AMOUNT_WITH_UNIT = /(\d+(?:\.\d+)?)\s*([a-zA-Z]+)/;
