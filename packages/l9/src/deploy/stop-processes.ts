import { STOP_GRACE_MS, stopChildren } from './supervised-children';
import type { ProcessExit, SupervisedProcess } from './supervised-process';

/**
 * Stops supervised processes: SIGTERM to every one still running (an agent closes its server and flushes its
 * backends, see runAgentProcess), then SIGKILL for any that has not exited after the grace period; resolves with
 * each one's exit once its output is in its log. Agents hosted in one process share a child, which is signalled
 * once (it closes them all in reverse order).
 */
export async function stopProcesses(
  processes: readonly SupervisedProcess[],
  graceMs = STOP_GRACE_MS,
): Promise<ProcessExit[]> {
  await stopChildren(
    processes.filter((p) => !p.exit).map((p) => p.child),
    graceMs,
  );
  return Promise.all(processes.map((p) => p.exited));
}
