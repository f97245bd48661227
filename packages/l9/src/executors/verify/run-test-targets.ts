import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_RESULTS_FILES } from '../../plugin/agent-targets';
import { runNxTasks } from './run-nx-tasks';

/**
 * Removes what the agents' last test runs recorded, so that results the run about to start does not write
 * (its task failed before Jest reported, or never ran) read as missing rather than as an older run's. Nx
 * puts them back from its cache when the test task is a cache hit: they are that task's outputs.
 */
export function forgetTestResults(workspaceRoot: string, projectRoots: readonly string[]): void {
  for (const root of projectRoots)
    for (const file of TEST_RESULTS_FILES) rmSync(join(workspaceRoot, root, file), { force: true });
}

/**
 * Runs the test target of these projects (and `extraTargets` of `extraProjects`, e.g. the ecosystem's
 * integration) in one nested Nx run. A failing task is not an error here: its results, or their absence,
 * are what the evidence then reads; `ok` and `detail` say how Nx itself ended.
 */
export async function runTestTargets(
  workspaceRoot: string,
  testTarget: string | undefined,
  projects: readonly string[],
  extra: { targets: readonly string[]; projects: readonly string[] } = { targets: [], projects: [] },
): Promise<{ ok: boolean; detail: string }> {
  const targets = [testTarget ?? 'test', ...extra.targets];
  const all = [...projects, ...extra.projects];
  const code = await runNxTasks(workspaceRoot, { targets, projects: all });
  return {
    ok: code === 0,
    detail: `nx run-many --targets=${targets.join(',')} --projects=${all.join(',')} exited ${code}`,
  };
}
