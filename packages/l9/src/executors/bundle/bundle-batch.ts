import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { agentBundles, bundleFailure, writeBundle } from '../../deploy/agent-bundle';
import { DeployError, PLAN_FILE } from '../../deploy/deployment-plan';
import { asTheyCome } from '../shared/as-they-come';
import { bundleEcosystem } from './ecosystem-bundle';

/** What the batch reports to Nx for one task, as soon as that task is done. */
export interface BundleTaskResult {
  task: string;
  result: {
    success: boolean;
    /** `skipped`: an ecosystem whose member's bundle failed in this batch, not built, as Nx skips a task whose dependency failed. */
    status: 'success' | 'failure' | 'skipped';
    terminalOutput: string;
    startTime: number;
    endTime: number;
  };
}

/** What a task failed with: a DeployError's message, as the single executor logs it, or anything else's stack. */
function failureOutput(error: unknown): string {
  return `${error instanceof DeployError ? error.message : ((error as Error).stack ?? String(error))}\n`;
}

/**
 * The bundle tasks of one Nx batch: every agent's bundle is built first, those in one folder by one esbuild build
 * (agentBundles), and each agent task is reported on its own, failed with its own compile errors or done once its
 * files are written; then each ecosystem project's host bundle, as the single executor builds it, unless a
 * member of it failed in this batch. Each task is reported through `done` exactly once: whatever else goes wrong
 * fails every task not reported yet, with what went wrong.
 */
export async function runBundleBatch(
  taskGraph: Pick<TaskGraph, 'tasks' | 'dependencies'>,
  context: Pick<ExecutorContext, 'root' | 'projectsConfigurations'>,
  done: (result: BundleTaskResult) => void,
): Promise<void> {
  const startTime = Date.now();
  const pending = new Set(Object.keys(taskGraph.tasks));
  const failed = new Set<string>();
  const report = (task: string, status: BundleTaskResult['result']['status'], terminalOutput = '') => {
    if (!pending.delete(task)) return;
    if (status !== 'success') failed.add(task);
    done({
      task,
      result: { success: status === 'success', status, terminalOutput, startTime, endTime: Date.now() },
    });
  };
  try {
    const tasks = Object.values(taskGraph.tasks).map((task) => ({
      id: task.id,
      projectRoot: join(context.root, context.projectsConfigurations.projects[task.target.project]!.root),
    }));
    const ecosystems = tasks.filter((task) => existsSync(join(task.projectRoot, PLAN_FILE)));
    const agents = tasks.filter((task) => !ecosystems.includes(task));

    const outcomes = new Map(
      (await agentBundles(agents.map((task) => task.projectRoot))).map((outcome) => [
        outcome.projectRoot,
        outcome,
      ]),
    );
    for (const task of agents) {
      const outcome = outcomes.get(task.projectRoot)!;
      if ('errors' in outcome) {
        report(task.id, 'failure', failureOutput(bundleFailure(outcome.errors)));
        continue;
      }
      try {
        writeBundle(outcome.files);
        report(task.id, 'success');
      } catch (error) {
        report(task.id, 'failure', failureOutput(error));
      }
    }

    for (const task of ecosystems) {
      if ((taskGraph.dependencies[task.id] ?? []).some((dependency) => failed.has(dependency))) {
        report(task.id, 'skipped');
        continue;
      }
      try {
        await bundleEcosystem(task.projectRoot);
        report(task.id, 'success');
      } catch (error) {
        report(task.id, 'failure', failureOutput(error));
      }
    }
  } catch (error) {
    for (const task of [...pending]) report(task, 'failure', failureOutput(error));
  }
}

/**
 * `l9:bundle` as Nx batches it (executors.json: batchImplementation with preferBatch, so without `--batch`): the
 * bundle tasks Nx did not restore from its cache, in one process, the agents beside each other built by one
 * esbuild build instead of one process and one build each (see runBundleBatch). Each task is completed as soon as
 * it is done.
 */
export async function* bundleBatch(
  taskGraph: TaskGraph,
  _inputs: Record<string, unknown>,
  _overrides: unknown,
  context: ExecutorContext,
): AsyncGenerator<BundleTaskResult> {
  yield* asTheyCome<BundleTaskResult>((emit) => runBundleBatch(taskGraph, context, emit));
}
