import { spawn } from 'node:child_process';

/**
 * What the task that runs this one told its executor's process about itself. A nested Nx must not read them:
 * they would make it write its output into the outer task's terminal-output file and treat its own tasks as
 * that one task.
 */
const OUTER_TASK_VARIABLES =
  /^NX_(TASK_|TERMINAL_|STREAM_OUTPUT$|PREFIX_OUTPUT$|FORKED_TASK_EXECUTOR$|SET_CLI$|LOAD_DOT_ENV_FILES$)/;

export interface NxTasks {
  targets: readonly string[];
  projects: readonly string[];
}

/** The environment of a nested Nx run: this one's, without the outer task's own variables, and no terminal UI. */
export function nestedNxEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(Object.entries(env).filter(([key]) => !OUTER_TASK_VARIABLES.test(key))),
    NX_TUI: 'false',
  };
}

/** The arguments of `nx run-many` for these tasks: the workspace is already in sync (this task's own run synced it). */
export function runManyArguments(tasks: NxTasks): string[] {
  return [
    'run-many',
    `--targets=${tasks.targets.join(',')}`,
    `--projects=${tasks.projects.join(',')}`,
    '--skip-sync',
    '--outputStyle=static',
  ];
}

/**
 * Runs Nx tasks from inside a verify or evidence task, through Nx itself (its cache, its dependsOn, its
 * parallelism), streaming their output. Why those targets do not simply `dependsOn` them: Nx skips every task
 * that depends on a failed one and then exits 130 as if interrupted (a skipped task gets no result,
 * nx/src/tasks-runner/run-command.js didCommandComplete), so a failing test would leave no verdict and no report.
 * Here a failure is a result the checks state. Resolves with Nx's exit code; only failing to start Nx rejects.
 */
export function runNxTasks(
  workspaceRoot: string,
  tasks: NxTasks,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const nx = require.resolve('nx/bin/nx.js', { paths: [workspaceRoot] });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nx, ...runManyArguments(tasks)], {
      cwd: workspaceRoot,
      env: nestedNxEnv(env),
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
