import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { stopChildren, superviseChild } from '../../packages/l9/src/deploy';

const repo = join(__dirname, '..', '..');

/** One run of a committed example agent as its own process, started the way `serve` starts it. */
export interface AgentProcess {
  readonly url: string;
  readonly output: () => string;
  /** SIGKILL: no flush, no close — what a crash or an OOM kill does. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number | null>;
}

export interface StartResult {
  started: boolean;
  /** The process's exit code when it did not start. */
  exitCode?: number | null;
  output: string;
  agent?: AgentProcess;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * Starts `agents/<project>/src/main.ts` with exactly `env` (plus PATH) and waits until it prints its URL or exits.
 * A start that fails is a result, not an exception: several attacks expect an agent to refuse to start.
 */
export async function startAgent(
  project: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<StartResult> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join('agents', project, 'src', 'main.ts')],
    {
      cwd: repo,
      env: { PATH: process.env['PATH'], ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Stopped with the attack run (Ctrl-C, SIGTERM or exit), as deploy's agents are.
  superviseChild(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), timeoutMs);
    const look = () => {
      const found = /listening on (http:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout?.on('data', look);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
  if (!url) {
    if (child.exitCode === null) child.kill('SIGKILL');
    const exitCode = await exited(child);
    return { started: false, exitCode, output };
  }
  return {
    started: true,
    output,
    agent: {
      url,
      output: () => output,
      async kill9() {
        child.kill('SIGKILL');
        await exited(child);
      },
      async stop() {
        // SIGTERM, then SIGKILL if it has not closed within the grace period.
        await stopChildren([child]);
        return exited(child);
      },
    },
  };
}
