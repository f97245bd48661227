import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { readLockedPlan } from '../../deploy';
import { reportingUserErrors, type IntegrationIo } from './executor';
import { matrixTable } from './matrix-table';
import { mergePairFiles } from './pair-result';
import { writeIntegrationResults } from './write-results';

/**
 * The aggregate of the atomized matrix: merges what the pair tasks wrote (Nx ran them first, or restored them
 * from its cache) into the files the single task writes, prints the tables, and fails when any pair failed
 * or a pair's result is missing.
 */
export async function mergeIntegration(
  ecosystemRoot: string,
  project: string,
  io: Pick<IntegrationIo, 'stdout' | 'stderr'>,
): Promise<boolean> {
  return reportingUserErrors(io, async () => {
    const runs = mergePairFiles(readLockedPlan(ecosystemRoot), ecosystemRoot, project);
    for (const run of runs) io.stdout(matrixTable(run));
    return writeIntegrationResults(ecosystemRoot, runs, io);
  });
}

/** `l9:integration-merge`: the `integration` target of an ecosystem split into pair tasks. */
export default async function integrationMergeExecutor(
  _options: Record<string, never>,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const root = context.projectsConfigurations.projects[context.projectName!]!.root;
  const success = await mergeIntegration(join(context.root, root), context.projectName!, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
  return { success };
}
