import type { AgentExit, AgentProcess } from './agent-process';

/** How long an agent gets to close its backends after SIGTERM before it is killed. */
export const STOP_GRACE_MS = 10_000;

function after(ms: number): { promise: Promise<'timeout'>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * Stops agent processes: SIGTERM to every one still running (the agent closes its server and flushes its
 * backends, see runAgentProcess), then SIGKILL for any that has not exited after the grace period. Agents hosted
 * in one process share a child, which is signalled once (it closes them all in reverse order).
 */
export async function stopAgentProcesses(
  processes: readonly AgentProcess[],
  graceMs = STOP_GRACE_MS,
): Promise<AgentExit[]> {
  const running = processes.filter((p) => !p.exit);
  const children = [...new Set(running.map((p) => p.child))];
  for (const child of children) child.kill('SIGTERM');
  const grace = after(graceMs);
  const all = Promise.all(running.map((p) => p.exited));
  if ((await Promise.race([all, grace.promise])) === 'timeout') {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  grace.cancel();
  return all;
}
