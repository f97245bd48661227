/**
 * The sizes and round counts a bench reads from the environment, checked the same way in every bench: a value
 * that is not a positive whole number stops the bench naming the variable, before any work starts.
 */

/** `L9_BENCH_RUNS`: how many rounds to measure, `fallback` when unset. */
export function benchRuns(fallback: number): number {
  const text = process.env['L9_BENCH_RUNS'];
  const runs = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(runs) || runs <= 0)
    throw new Error(`L9_BENCH_RUNS: "${text}" is not a positive whole number`);
  return runs;
}

/**
 * `L9_BENCH_SIZES`: comma-separated ecosystem sizes, `fallback` when unset. Empty entries are skipped, so an
 * empty value measures no synthetic size at all.
 */
export function benchSizes(fallback: string): number[] {
  const entries = (process.env['L9_BENCH_SIZES'] ?? fallback).split(',').filter((size) => size.trim() !== '');
  return entries.map((entry) => {
    const size = Number(entry);
    if (!Number.isInteger(size) || size <= 0)
      throw new Error(`L9_BENCH_SIZES: "${entry}" is not a positive whole number`);
    return size;
  });
}
