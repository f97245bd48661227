import type { BackendSet } from './backend-set';
import type { PairResult } from './pair-check';

export interface SourceCounts {
  passed: number;
  total: number;
}

/** One backend set's run: its pairs and how long it took, as written to `integration-<set>.json`. */
export interface MatrixRun {
  backends: BackendSet;
  /** How the stream leg ran: across processes on a shared stream, or not at all. */
  stream: 'shared' | 'not-shared';
  agents: number;
  duration_ms: number;
  pairs: PairResult[];
}

/** True when every ordered pair of every backend set passed. */
export function runsPassed(runs: readonly MatrixRun[]): boolean {
  return runs.every((run) => run.pairs.every((pair) => pair.passed));
}

/** `integration.json`: what the evidence report's integration gate reads (`by_source`), over every run. */
export interface IntegrationReport {
  format: 'l9/integration@1';
  backends: BackendSet[];
  by_source: Record<string, SourceCounts>;
  passed: number;
  total: number;
  runs: Array<{ backends: BackendSet; passed: number; total: number; detail: string }>;
  pairs: PairResult[];
}

/** Pairs that passed per source agent, summed over the runs (each run counts every pair once). */
export function countBySource(pairs: readonly PairResult[]): Record<string, SourceCounts> {
  const counts: Record<string, SourceCounts> = {};
  for (const pair of pairs) {
    const entry = (counts[pair.source] ??= { passed: 0, total: 0 });
    entry.total += 1;
    if (pair.passed) entry.passed += 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export function detailFileName(set: BackendSet): string {
  return `integration-${set.replace(/[^a-z0-9]+/g, '-')}.json`;
}

export function integrationReport(runs: readonly MatrixRun[]): IntegrationReport {
  const pairs = runs.flatMap((run) => run.pairs);
  return {
    format: 'l9/integration@1',
    backends: runs.map((run) => run.backends),
    by_source: countBySource(pairs),
    passed: pairs.filter((pair) => pair.passed).length,
    total: pairs.length,
    runs: runs.map((run) => ({
      backends: run.backends,
      passed: run.pairs.filter((p) => p.passed).length,
      total: run.pairs.length,
      detail: detailFileName(run.backends),
    })),
    pairs,
  };
}
