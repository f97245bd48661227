import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeExit, startProcess } from '../../packages/l9/src/deploy';

export interface StepResult {
  name: string;
  ok: boolean;
  seconds: number;
  /** One line: what the step found, or why it failed. */
  detail: string;
  /** Full output of the step's command, when it ran one. */
  log?: string;
}

export interface CommandOutcome {
  code: number;
  output: string;
  log: string;
}

/**
 * Runs `node <args>` in the workspace (no shell) as a supervised process, so that Ctrl-C or SIGTERM to the main
 * job stops it too; its output is kept in `<logDir>/<name>.log` and returned for checks.
 */
export async function runCommand(
  root: string,
  logDir: string,
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<CommandOutcome> {
  const log = join(logDir, `${name}.log`);
  // Nx, stopped with the main job, first stops its own tasks (and a task its agents): half a minute for that.
  const command = startProcess({ args, cwd: root, env, logFile: log, stopGraceMs: 30_000 });
  const exit = await command.exited;
  const output = existsSync(log) ? readFileSync(log, 'utf8') : '';
  // Ended by a signal, or not started at all: said at the end of the output, which the step's failure quotes.
  const ended =
    exit.code === null ? `${args[0]} ${exit.signal ? describeExit(exit) : command.stderr.text()}\n` : '';
  return { code: exit.code ?? 1, output: output + ended, log };
}

/** The last lines of a command's output, for a failure message. */
export function tail(output: string, lines = 15): string {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('npm warn'))
    .slice(-lines)
    .join('\n');
}

/** Times one step; a thrown error becomes a failed step with its message. */
export async function timed(
  name: string,
  body: () => Promise<Omit<StepResult, 'name' | 'seconds'>>,
): Promise<StepResult> {
  const started = process.hrtime.bigint();
  const seconds = () => Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100;
  try {
    return { name, ...(await body()), seconds: seconds() };
  } catch (error) {
    return { name, ok: false, detail: (error as Error).message, seconds: seconds() };
  }
}
