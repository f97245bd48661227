import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ChildFaultAgent {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** SIGKILL: the process gets no chance to flush or close anything. */
  kill(): Promise<void>;
  /** Every line the agent printed on stdout after it listened (its log, at L9_LOG_LEVEL). */
  output(): readonly string[];
}

const PACKAGE_ROOT = join(__dirname, '..', '..', '..');
const ENTRY = join(__dirname, 'fault-agent-process.ts');

/** Starts the fault agent in a child process (TypeScript through @swc-node/register) and waits until it listens. */
export async function startChildFaultAgent(
  id: string,
  routePrefix: string,
  env: NodeJS.ProcessEnv,
): Promise<ChildFaultAgent> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', ENTRY, id, routePrefix], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! });
  const output: string[] = [];
  // The `{"url": …}` line announces the listening agent; log lines (held work resumes as it listens) may come first.
  let announced = false;
  const listening = new Promise<string | undefined>((resolve) => {
    lines.on('line', (line) => {
      const url = announced ? undefined : urlOf(line);
      if (url === undefined) return void output.push(line);
      announced = true;
      resolve(url);
    });
    void exited.then(() => resolve(undefined));
  });
  const url = await listening;
  if (url === undefined) throw new Error(`fault agent exited before listening: ${stderr.trim()}`);
  return { url, kill: () => killHard(child, exited), output: () => output };
}

function urlOf(line: string): string | undefined {
  try {
    const { url } = JSON.parse(line) as { url?: unknown };
    return typeof url === 'string' ? url : undefined;
  } catch {
    return undefined;
  }
}

async function killHard(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited;
}
