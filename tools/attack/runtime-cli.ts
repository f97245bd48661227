import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');

/** Runs `l9-runtime <args>` from the workspace sources, as a person at a terminal would; never throws. */
export function runtimeCli(args: string[], env: NodeJS.ProcessEnv): { code: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', join('packages', 'runtime', 'src', 'cli', 'l9-runtime.ts'), ...args],
    {
      cwd: repo,
      env: { PATH: process.env['PATH'], ...env },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { code: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** A stack trace in a command's output: what a user mistake or damaged input must never produce. */
export function hasStackTrace(output: string): boolean {
  return /^\s+at .+:\d+:\d+\)?$/m.test(output);
}
