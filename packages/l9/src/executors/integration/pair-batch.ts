import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { readLockedPlan } from '../../deploy';
import { matrixPairs, type LockedPlan } from '../../plan';
import { pairResultFile } from '../../plugin/integration-pair-names';
import { backendSets } from './backend-set';
import { isUserError, matrixTimeouts, type IntegrationExecutorOptions, type IntegrationIo } from './executor';
import { runsPassed, type MatrixRun } from './matrix-result';
import { matrixTable } from './matrix-table';
import { agentsPlan, pairPlan } from './pair-plan';
import { writePairFile } from './pair-result';
import { withMatrixAgents } from './run-matrix';

/** Where the agents a batch starts write their logs, one folder per backend set, under the ecosystem project. */
export const BATCH_LOG_DIR = '.l9/integration/logs/batch';

/** One pair task of a batch: its Nx task id and its two agents (project ids), as the plugin set them. */
export interface BatchPair {
  task: string;
  agents: string[];
}

/** Pair tasks of one ecosystem project with the same options: the agents they need are started once for all. */
export interface PairGroup {
  project: string;
  ecosystemRoot: string;
  options: IntegrationExecutorOptions;
  pairs: BatchPair[];
}

/** What a batch reports to Nx for one task, as soon as that task is done. */
export interface PairTaskResult {
  task: string;
  /** When the task began (its first check, or the batch's start when it failed before any) and ended, for Nx's timings. */
  result: { success: boolean; terminalOutput: string; startTime: number; endTime: number };
}

/**
 * The tasks of an Nx batch grouped by ecosystem project and options (a run-many over several ecosystems batches
 * them together), in the order Nx listed them; `inputs` are each task's options as Nx resolved them.
 */
export function pairGroups(
  taskGraph: Pick<TaskGraph, 'tasks'>,
  inputs: Record<string, { agents: string[] } & IntegrationExecutorOptions>,
  context: Pick<ExecutorContext, 'root' | 'projectsConfigurations'>,
): PairGroup[] {
  const groups = new Map<string, PairGroup>();
  for (const task of Object.values(taskGraph.tasks)) {
    const { agents, backends, healthTimeout, streamTimeout } = inputs[task.id]!;
    const options = { backends, healthTimeout, streamTimeout };
    const key = JSON.stringify([task.target.project, options]);
    let group = groups.get(key);
    if (!group) {
      const root = context.projectsConfigurations.projects[task.target.project]!.root;
      group = { project: task.target.project, ecosystemRoot: join(context.root, root), options, pairs: [] };
      groups.set(key, group);
    }
    group.pairs.push({ task: task.id, agents });
  }
  return [...groups.values()];
}

interface PlannedPair {
  task: string;
  ids: [string, string];
  plan: LockedPlan;
  runs: MatrixRun[];
  startTime?: number;
}

function pairOutput(pair: PlannedPair, group: PairGroup, batchSize: number, agents: number): string {
  const header = `integration: ${pair.ids.join(' ⇄ ')}, one of ${batchSize} pairs of ${group.project} checked in one batch on ${agents} agents started once per backend set (logs: ${BATCH_LOG_DIR})\n`;
  return header + pair.runs.map(matrixTable).join('');
}

/**
 * The pair tasks of a group as one run: starts every agent any of them needs once per backend set (each its own
 * process, or all in one with L9_AGENT_HOST, as the single task and the pair task do), checks both directions of
 * every pair on it, writes each pair's result file as the pair task does, and reports each task through `done`
 * once its pair has run on the last set. A pair that names agents the plan does not hold fails alone; a plan that
 * cannot be read, agents that do not start or a bug fail every pair not yet reported, so each task is reported
 * exactly once. The agents are stopped however the run ends (SIGTERM included: they are supervised children).
 */
export async function runPairGroup(
  group: PairGroup,
  workspaceRoot: string,
  io: IntegrationIo,
  done: (result: PairTaskResult) => void,
): Promise<void> {
  const batchStarted = Date.now();
  const pending = new Set(group.pairs.map((pair) => pair.task));
  const finish = (task: string, success: boolean, terminalOutput: string, startTime = batchStarted) => {
    if (pending.delete(task))
      done({ task, result: { success, terminalOutput, startTime, endTime: Date.now() } });
  };
  const failPending = (terminalOutput: string) => {
    for (const task of [...pending]) finish(task, false, terminalOutput);
  };
  try {
    const plan = readLockedPlan(group.ecosystemRoot);
    const planned: PlannedPair[] = [];
    for (const pair of group.pairs) {
      try {
        const own = pairPlan(plan, pair.agents);
        const ids = own.agents.map((a) => a.id) as [string, string];
        // The old result goes first, so a pair whose agents did not start leaves no file behind to be merged.
        rmSync(join(group.ecosystemRoot, pairResultFile(...ids)), { force: true });
        planned.push({ task: pair.task, ids, plan: own, runs: [] });
      } catch (error) {
        if (!isUserError(error)) throw error;
        finish(pair.task, false, `integration: ${error.message}\n`);
      }
    }
    if (planned.length === 0) return;
    const union = agentsPlan(plan, [...new Set(planned.flatMap((pair) => pair.ids))]);
    const sets = backendSets(group.options.backends ?? 'auto', io.env);
    io.stdout(
      `integration: ${planned.length} pair tasks of ${group.project} in one batch, ${union.agents.length} agents started once per backend set (${sets.join(', ')})\n`,
    );
    for (const [index, backends] of sets.entries()) {
      const last = index === sets.length - 1;
      await withMatrixAgents(
        {
          plan: union,
          ecosystemRoot: group.ecosystemRoot,
          workspaceRoot,
          backends,
          env: io.env,
          ...matrixTimeouts(group.options),
          onProgress: (line) => io.stdout(`${line}\n`),
          ...(io.bundleTarget !== undefined ? { bundleTarget: io.bundleTarget } : {}),
          logDir: BATCH_LOG_DIR,
        },
        async (matrix) => {
          const checking = Date.now();
          for (const pair of planned) {
            const started = Date.now();
            pair.startTime ??= started;
            const pairs = [];
            for (const { source, target } of matrixPairs(pair.plan))
              pairs.push(await matrix.check(source, target));
            pair.runs.push({
              backends,
              stream: matrix.stream,
              agents: pair.ids.length,
              duration_ms: Date.now() - started,
              pairs,
            });
            if (!last) continue;
            writePairFile(group.ecosystemRoot, pair.ids, pair.runs);
            finish(
              pair.task,
              runsPassed(pair.runs),
              pairOutput(pair, group, planned.length, union.agents.length),
              pair.startTime,
            );
          }
          // With the start's own line (every agent healthy after …), where the batch's time went.
          io.stdout(
            `${backends}: ${planned.length} pairs checked in ${((Date.now() - checking) / 1000).toFixed(1)} s\n`,
          );
        },
      );
    }
  } catch (error) {
    failPending(
      isUserError(error) ? `integration: ${error.message}\n` : `${(error as Error).stack ?? String(error)}\n`,
    );
  }
  // Fail closed: a task the run above did not report has not been checked.
  failPending('integration: the batch ended without checking this pair\n');
}
