import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { IntegrationCounts } from '../../evidence';
import { readText } from '../shared/project-files';

/** The part of a pair result (integration/pair-check.ts) the evidence reads: who sent, to whom, on what, and why it failed. */
interface RecordedPair {
  source: string;
  destination: string;
  backends: string;
  passed: boolean;
  [leg: string]: unknown;
}

/** What the integration matrix recorded, as the evidence states it. */
export interface MatrixResults {
  /** Where the result came from, or the file that should have held it. */
  file: string;
  /** False when nothing was recorded: the matrix did not run, or did not finish. */
  recorded: boolean;
  /** Pair runs by the id of the agent that sends. */
  bySource: Record<string, IntegrationCounts>;
  /** `a → b (embedded): rest: …` for every pair run that failed. */
  failedPairs: string[];
}

const RESULT = '.l9/integration.json';
/** Where the matrix split into pair tasks keeps each pair's result (see plugin/integration-pair-names.ts). */
const PAIR_RESULTS = '.l9/integration/pairs';

/**
 * Removes the matrix results of an earlier run, so that a matrix that does not run now (a bundle failed, so
 * Nx skipped it) reads as not run instead of as the earlier result. They are outputs of the integration
 * tasks: Nx restores them when those tasks are cache hits.
 */
export function forgetMatrixResults(workspaceRoot: string, ecosystemRoot: string): void {
  rmSync(join(workspaceRoot, ecosystemRoot, RESULT), { force: true });
  rmSync(join(workspaceRoot, ecosystemRoot, PAIR_RESULTS), { recursive: true, force: true });
}

function failures(pair: RecordedPair): string {
  const legs = Object.entries(pair)
    .filter(
      ([, leg]) =>
        typeof leg === 'object' &&
        leg !== null &&
        Array.isArray((leg as { failures?: unknown }).failures) &&
        (leg as { failures: unknown[] }).failures.length > 0,
    )
    .map(([name, leg]) => `${name}: ${(leg as { failures: unknown[] }).failures.map(String).join(', ')}`);
  return `${pair.source} → ${pair.destination} (${pair.backends})${legs.length > 0 ? `: ${legs.join('; ')}` : ''}`;
}

function tally(pairs: readonly RecordedPair[]): Pick<MatrixResults, 'bySource' | 'failedPairs'> {
  const bySource: Record<string, IntegrationCounts> = {};
  for (const pair of pairs) {
    const counts = (bySource[pair.source] ??= { passed: 0, total: 0 });
    counts.total += 1;
    if (pair.passed) counts.passed += 1;
  }
  return { bySource, failedPairs: pairs.filter((p) => !p.passed).map(failures) };
}

function parsePairs(text: string | null, read: (parsed: unknown) => unknown): RecordedPair[] | null {
  if (text === null) return null;
  try {
    const pairs = read(JSON.parse(text));
    return Array.isArray(pairs) ? (pairs as RecordedPair[]) : null;
  } catch {
    return null;
  }
}

/**
 * The matrix as its last run recorded it: `.l9/integration.json` when the matrix finished. When it did not
 * (a pair failed, so Nx skipped the aggregate), the pairs that did record a result are still counted and
 * their failures named, and `recorded` stays false: a matrix that did not finish is not complete.
 */
export function readMatrixResults(workspaceRoot: string, ecosystemRoot: string): MatrixResults {
  const file = `${ecosystemRoot}/${RESULT}`;
  const whole = parsePairs(readText(workspaceRoot, file), (parsed) => (parsed as { pairs?: unknown }).pairs);
  if (whole) return { file, recorded: true, ...tally(whole) };
  let names: string[] = [];
  try {
    names = readdirSync(join(workspaceRoot, ecosystemRoot, PAIR_RESULTS))
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch {
    names = [];
  }
  const pairs = names.flatMap(
    (name) =>
      parsePairs(readText(workspaceRoot, `${ecosystemRoot}/${PAIR_RESULTS}/${name}`), (parsed) =>
        ((parsed as { runs?: Array<{ pairs?: unknown }> }).runs ?? []).flatMap((run) =>
          Array.isArray(run.pairs) ? run.pairs : [],
        ),
      ) ?? [],
  );
  return { file, recorded: false, ...tally(pairs) };
}
