import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

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

/** Runs a workspace command (no shell), its output kept in `<logDir>/<name>.log` and returned for checks. */
export function runCommand(
  root: string,
  logDir: string,
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<CommandOutcome> {
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, `${name}.log`);
  const file = createWriteStream(log);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      file.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', (error) => {
      output += `cannot run ${command}: ${error.message}\n`;
    });
    child.once('close', (code) => {
      file.end(() => resolve({ code: code ?? 1, output, log }));
    });
  });
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
