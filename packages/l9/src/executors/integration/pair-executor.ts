import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { readLockedPlan } from '../../deploy';
import { ecosystemBundleTargetName } from '../bundle/bundle-target';
import {
  reportingUserErrors,
  runMatrixSets,
  type IntegrationExecutorOptions,
  type IntegrationIo,
} from './executor';
import { pairLogDir, pairResultFile } from '../../plugin/integration-pair-names';
import { asTheyCome } from '../shared/as-they-come';
import { pairGroups, runPairGroup, type PairTaskResult } from './pair-batch';
import { runsPassed } from './matrix-result';
import { pairPlan } from './pair-plan';
import { writePairFile } from './pair-result';

export interface PairExecutorOptions extends IntegrationExecutorOptions {
  /** The two agents (project ids) of the pair, in plan order; the plugin sets them. */
  agents: string[];
}

/**
 * One pair of the atomized matrix: starts its two agents only, checks A → B and B → A on each backend set,
 * and writes `.l9/integration/pairs/<a>--<b>.json` for the aggregate `integration` target. The old result goes
 * first, so a pair whose agents did not start leaves no file behind to be merged. Fails when a direction failed.
 */
export async function runPair(
  ecosystemRoot: string,
  workspaceRoot: string,
  options: PairExecutorOptions,
  io: IntegrationIo,
): Promise<boolean> {
  return reportingUserErrors(io, async () => {
    const plan = pairPlan(readLockedPlan(ecosystemRoot), options.agents ?? []);
    const [first, second] = plan.agents.map((a) => a.id) as [string, string];
    const file = join(ecosystemRoot, pairResultFile(first, second));
    rmSync(file, { force: true });
    const runs = await runMatrixSets(
      plan,
      ecosystemRoot,
      workspaceRoot,
      options,
      io,
      pairLogDir(first, second),
    );
    writePairFile(ecosystemRoot, [first, second], runs);
    return runsPassed(runs);
  });
}

/** `l9:integration-pair`: one pair task of the ecosystem project it belongs to, on the bundles its dependencies built. */
export default async function integrationPairExecutor(
  options: PairExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const root = context.projectsConfigurations.projects[context.projectName!]!.root;
  const ecosystemRoot = join(context.root, root);
  const success = await runPair(ecosystemRoot, context.root, options, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    bundleTarget: ecosystemBundleTargetName(context, ecosystemRoot),
  });
  return { success };
}

/**
 * `l9:integration-pair` as Nx batches it (executors.json: batchImplementation with preferBatch, so without
 * `--batch`): the pair tasks Nx did not restore from its cache, run on agents started once per ecosystem and
 * backend set instead of two per pair (see runPairGroup). Each task is completed as soon as its pair is done.
 */
export async function* integrationPairBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, PairExecutorOptions>,
  _overrides: unknown,
  context: ExecutorContext,
): AsyncGenerator<PairTaskResult> {
  for (const group of pairGroups(taskGraph, inputs, context)) {
    const io = {
      stdout: (text: string) => process.stdout.write(text),
      stderr: (text: string) => process.stderr.write(text),
      env: process.env,
      bundleTarget: ecosystemBundleTargetName(context, group.ecosystemRoot),
    };
    yield* asTheyCome<PairTaskResult>((emit) => runPairGroup(group, context.root, io, emit));
  }
}
