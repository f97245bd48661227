import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { matrixPairs, type LockedPlan } from '../../plan';
import { IntegrationConfigError, type BackendSet } from './backend-set';
import type { MatrixRun } from './matrix-result';
import { memberPairs, pairResultFile, pairTargetName } from '../../plugin/integration-pair-names';
import type { PairResult } from './pair-check';

/** What one pair task writes (see plugin/integration-pair-names.ts): its two agents and one run per backend set, both directions in each. */
export interface PairFile {
  format: 'l9/integration-pair@1';
  agents: [string, string];
  runs: MatrixRun[];
}

export function pairFile(agents: [string, string], runs: MatrixRun[]): PairFile {
  return { format: 'l9/integration-pair@1', agents, runs };
}

/** Writes a pair's result where its task declares it (see plugin/integration-pair-names.ts), for the aggregate to merge. */
export function writePairFile(ecosystemRoot: string, agents: [string, string], runs: MatrixRun[]): void {
  const file = join(ecosystemRoot, pairResultFile(...agents));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(pairFile(agents, runs), null, 2)}\n`);
}

function readPairFile(ecosystemRoot: string, project: string, first: string, second: string): PairFile {
  const file = pairResultFile(first, second);
  const path = join(ecosystemRoot, file);
  const rerun = `run nx run ${project}:${pairTargetName(first, second)}`;
  if (!existsSync(path))
    throw new IntegrationConfigError(`${file} is missing: the pair task did not run; ${rerun}`);
  let parsed: Partial<PairFile>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<PairFile>;
  } catch (error) {
    throw new IntegrationConfigError(`${file} is not JSON (${(error as Error).message}); ${rerun}`);
  }
  if (
    parsed.format !== 'l9/integration-pair@1' ||
    !Array.isArray(parsed.runs) ||
    parsed.agents?.[0] !== first ||
    parsed.agents?.[1] !== second
  ) {
    throw new IntegrationConfigError(`${file} is not the result of pair ${first}, ${second}; ${rerun}`);
  }
  return parsed as PairFile;
}

/**
 * The whole matrix from the pair tasks' files, one MatrixRun per backend set with every ordered pair in
 * plan order, as the single task would have written it. Every pair must have run on the same backend sets
 * (the backend URLs are inputs of every pair task, so a cached pair from other settings is never reused).
 * A run's `duration_ms` is the sum over its pairs: agent time, not wall time, since pairs run in parallel.
 */
export function mergePairFiles(plan: LockedPlan, ecosystemRoot: string, project: string): MatrixRun[] {
  const ids = plan.agents.map((a) => a.id);
  const files = new Map<string, PairFile>();
  for (const [first, second] of memberPairs(ids))
    files.set(`${first} ${second}`, readPairFile(ecosystemRoot, project, first, second));
  const sets = (file: PairFile): BackendSet[] => file.runs.map((run) => run.backends);
  const [reference] = files.values();
  const expected = reference ? sets(reference) : [];
  for (const file of files.values()) {
    if (sets(file).join(',') !== expected.join(',')) {
      throw new IntegrationConfigError(
        `pair ${file.agents.join(', ')} ran on ${sets(file).join(', ')} but pair ${reference!.agents.join(', ')} on ${expected.join(', ')}; run nx run ${project}:integration --skip-nx-cache`,
      );
    }
  }
  const idOf = new Map(plan.agents.map((a) => [a.name, a.id]));
  const position = new Map(ids.map((id, index) => [id, index]));
  return expected.map((backends, index) => {
    const pairs: PairResult[] = [];
    let duration = 0;
    for (const run of files.values()) duration += run.runs[index]!.duration_ms;
    for (const { source, target } of matrixPairs(plan)) {
      const [a, b] = [idOf.get(source)!, idOf.get(target)!];
      const [first, second] = position.get(a)! < position.get(b)! ? [a, b] : [b, a];
      // Agents name themselves by id in what they report (their profile); a name is accepted as well.
      const found = files
        .get(`${first} ${second}`)!
        .runs[index]!.pairs.find(
          (p) => [a, source].includes(p.source) && [b, target].includes(p.destination),
        );
      if (!found)
        throw new IntegrationConfigError(
          `${pairResultFile(first, second)} has no ${source} → ${target} result on ${backends}; run nx run ${project}:${pairTargetName(first, second)} --skip-nx-cache`,
        );
      pairs.push(found);
    }
    return {
      backends,
      stream: reference!.runs[index]!.stream,
      agents: ids.length,
      duration_ms: duration,
      pairs,
    };
  });
}
