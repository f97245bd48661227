import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { readLockedPlan, DeployError } from '../../deploy/deployment-plan';
import { backendSets, IntegrationConfigError, type BackendChoice } from './backend-set';
import { detailFileName, integrationReport, type MatrixRun } from './matrix-result';
import { matrixTable } from './matrix-table';
import { ecosystemBundleTargetName } from '../bundle/bundle-target';
import { AgentStartError } from './start-matrix-agents';
import { runMatrix } from './run-matrix';

export interface IntegrationExecutorOptions {
  /** `auto` (default): embedded, plus Redis + PostgreSQL when L9_REDIS_URL and L9_POSTGRES_URL are set. */
  backends?: BackendChoice;
  /** Seconds every agent together may take to answer `/health`. */
  healthTimeout?: number;
  /** Seconds a stream packet may take to be handled by its destination. */
  streamTimeout?: number;
}

export interface IntegrationIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** The Nx target that built the agents' bundles (the integration target depends on it), named when one is missing. */
  bundleTarget?: string;
}

const ALL_SETS = ['embedded', 'redis+postgres'] as const;

/**
 * The integration matrix of an ecosystem project, on each backend set: writes `.l9/integration-<set>.json`
 * per run and `.l9/integration.json` (what the evidence report's integration gate reads), prints one table
 * per run, and fails when any pair failed or an agent did not start. A user mistake (no plan, a missing
 * backend URL) is one line on stderr, not a stack trace.
 */
export async function runIntegration(ecosystemRoot: string, workspaceRoot: string, options: IntegrationExecutorOptions, io: IntegrationIo): Promise<boolean> {
  const outDir = join(ecosystemRoot, '.l9');
  const runs: MatrixRun[] = [];
  try {
    const plan = readLockedPlan(ecosystemRoot);
    const sets = backendSets(options.backends ?? 'auto', io.env);
    for (const backends of sets) {
      const run = await runMatrix({
        plan,
        ecosystemRoot,
        workspaceRoot,
        backends,
        env: io.env,
        healthTimeoutMs: (options.healthTimeout ?? 60) * 1000,
        streamTimeoutMs: (options.streamTimeout ?? 15) * 1000,
        onProgress: (line) => io.stdout(`${line}\n`),
        ...(io.bundleTarget !== undefined ? { bundleTarget: io.bundleTarget } : {}),
      });
      runs.push(run);
      io.stdout(matrixTable(run));
    }
  } catch (error) {
    if (error instanceof DeployError || error instanceof IntegrationConfigError || error instanceof AgentStartError) {
      io.stderr(`integration: ${error.message}\n`);
      return false;
    }
    throw error;
  }
  mkdirSync(outDir, { recursive: true });
  for (const set of ALL_SETS) rmSync(join(outDir, detailFileName(set)), { force: true });
  for (const run of runs) writeFileSync(join(outDir, detailFileName(run.backends)), `${JSON.stringify(run, null, 2)}\n`);
  const report = integrationReport(runs);
  writeFileSync(join(outDir, 'integration.json'), `${JSON.stringify(report, null, 2)}\n`);
  io.stdout(`integration: ${report.passed}/${report.total} pairs passed (${report.backends.join(', ')}); ${join(outDir, 'integration.json')}\n`);
  return report.passed === report.total;
}

/**
 * `l9:integration`: the matrix of the ecosystem project this target belongs to, on the bundles its
 * dependency built (`^bundle`, cached); it builds none itself.
 */
export default async function integrationExecutor(options: IntegrationExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const root = context.projectsConfigurations.projects[context.projectName!]!.root;
  const ecosystemRoot = join(context.root, root);
  const success = await runIntegration(ecosystemRoot, context.root, options, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    bundleTarget: ecosystemBundleTargetName(context, ecosystemRoot),
  });
  return { success };
}
