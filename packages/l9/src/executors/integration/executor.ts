import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { readLockedPlan, DeployError } from '../../deploy';
import { backendSets, IntegrationConfigError, type BackendChoice } from './backend-set';
import type { MatrixRun } from './matrix-result';
import { matrixTable } from './matrix-table';
import { ecosystemBundleTargetName } from '../bundle/bundle-target';
import { AgentStartError } from './start-matrix-agents';
import { runMatrix, type RunMatrixOptions } from './run-matrix';
import { writeIntegrationResults } from './write-results';
import type { LockedPlan } from '../../plan';

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

/** A user mistake (no plan, a missing bundle or backend URL) or an agent that did not start, as opposed to a bug. */
export function isUserError(error: unknown): error is Error {
  return (
    error instanceof DeployError ||
    error instanceof IntegrationConfigError ||
    error instanceof AgentStartError
  );
}

/** A user mistake or an agent that did not start: one line on stderr (false); anything else is a bug and throws. */
export async function reportingUserErrors(
  io: Pick<IntegrationIo, 'stderr'>,
  work: () => Promise<boolean>,
): Promise<boolean> {
  try {
    return await work();
  } catch (error) {
    if (!isUserError(error)) throw error;
    io.stderr(`integration: ${error.message}\n`);
    return false;
  }
}

/** The options' timeouts in milliseconds, with their defaults: 60 s for every agent's health, 15 s per stream packet. */
export function matrixTimeouts(
  options: IntegrationExecutorOptions,
): Pick<RunMatrixOptions, 'healthTimeoutMs' | 'streamTimeoutMs'> {
  return {
    healthTimeoutMs: (options.healthTimeout ?? 60) * 1000,
    streamTimeoutMs: (options.streamTimeout ?? 15) * 1000,
  };
}

/**
 * The matrix of `plan` on every backend set the options and environment choose, one table printed per set.
 * Used whole by the single integration task and on a two-agent plan by each pair task.
 */
export async function runMatrixSets(
  plan: LockedPlan,
  ecosystemRoot: string,
  workspaceRoot: string,
  options: IntegrationExecutorOptions,
  io: IntegrationIo,
  logDir?: string,
): Promise<MatrixRun[]> {
  const runs: MatrixRun[] = [];
  for (const backends of backendSets(options.backends ?? 'auto', io.env)) {
    const settings: RunMatrixOptions = {
      plan,
      ecosystemRoot,
      workspaceRoot,
      backends,
      env: io.env,
      ...matrixTimeouts(options),
      onProgress: (line) => io.stdout(`${line}\n`),
      ...(io.bundleTarget !== undefined ? { bundleTarget: io.bundleTarget } : {}),
      ...(logDir !== undefined ? { logDir } : {}),
    };
    const run = await runMatrix(settings);
    runs.push(run);
    io.stdout(matrixTable(run));
  }
  return runs;
}

/**
 * The integration matrix of an ecosystem project as one task, on each backend set: writes `.l9/integration-<set>.json`
 * per run and `.l9/integration.json` (what the evidence report's integration gate reads), prints one table
 * per run, and fails when any pair failed or an agent did not start. A user mistake (no plan, a missing
 * backend URL) is one line on stderr, not a stack trace.
 */
export async function runIntegration(
  ecosystemRoot: string,
  workspaceRoot: string,
  options: IntegrationExecutorOptions,
  io: IntegrationIo,
): Promise<boolean> {
  return reportingUserErrors(io, async () => {
    const plan = readLockedPlan(ecosystemRoot);
    const runs = await runMatrixSets(plan, ecosystemRoot, workspaceRoot, options, io);
    return writeIntegrationResults(ecosystemRoot, runs, io);
  });
}

/**
 * `l9:integration`: the matrix of the ecosystem project this target belongs to, on the bundles its
 * dependency built (`^bundle`, cached); it builds none itself. The plugin infers it for an ecosystem too large
 * to split into pair tasks (see plugin/integration-targets.ts).
 */
export default async function integrationExecutor(
  options: IntegrationExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
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
