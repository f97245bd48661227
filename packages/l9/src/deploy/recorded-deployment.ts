import { checkHealth } from './agent-health';
import {
  isAlive,
  isRecordedAgent,
  isRecordedProcess,
  readDeployState,
  removeDeployState,
  type DeployState,
} from './deploy-state';
import type { AgentStatus } from './start-deployment';
import { STOP_GRACE_MS } from './supervised-children';
import { setTimeout as sleep } from 'node:timers/promises';

/** The health of a deployment recorded by another process (`--status`): a gone process is `down`. */
export function probeRecordedDeployment(state: DeployState): Promise<AgentStatus[]> {
  return Promise.all(
    state.agents.map(async (recorded) => {
      const agent = { ...recorded, peers: [], projectRoot: '' };
      if (!isRecordedAgent(recorded.pid))
        return {
          agent,
          pid: recorded.pid,
          health: { state: 'down' as const, backends: '-', detail: `process ${recorded.pid} is not running` },
        };
      return { agent, pid: recorded.pid, health: await checkHealth(recorded) };
    }),
  );
}

async function waitForExit(pids: readonly number[], graceMs: number): Promise<number[]> {
  const deadline = Date.now() + graceMs;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(100);
    alive = alive.filter(isAlive);
  }
  return alive;
}

export interface StopResult {
  /** False when no deployment was recorded. */
  found: boolean;
  stopped: string[];
  /** Agents that ignored SIGTERM for the grace period and were killed. */
  killed: string[];
}

/**
 * `--stop`: asks the supervisor to stop its agents (SIGTERM, as Ctrl-C does) and signals every recorded
 * agent too, so a deployment whose supervisor is gone stops as well; kills what still runs after the grace
 * period, then forgets the deployment.
 */
export async function stopRecordedDeployment(
  ecosystemRoot: string,
  graceMs = STOP_GRACE_MS,
): Promise<StopResult> {
  const state = readDeployState(ecosystemRoot);
  if (!state) return { found: false, stopped: [], killed: [] };
  const signal = (pids: readonly number[], name: NodeJS.Signals) => {
    for (const pid of pids) if (pid !== process.pid && isRecordedAgent(pid)) process.kill(pid, name);
  };
  // Agents hosted in one process share its pid: each process is signalled once.
  const ours = [...new Set(state.agents.filter((a) => isRecordedAgent(a.pid)).map((a) => a.pid))];
  let remaining = ours;
  // A live supervisor stops its agents itself (each gets one SIGTERM); signal them directly only without it.
  if (state.supervisor_pid !== process.pid && isRecordedProcess(state.supervisor_pid, 'node')) {
    process.kill(state.supervisor_pid, 'SIGTERM');
    remaining = await waitForExit(remaining, graceMs);
  }
  signal([...remaining].reverse(), 'SIGTERM');
  const stubborn = await waitForExit(remaining, graceMs);
  signal(stubborn, 'SIGKILL');
  await waitForExit(stubborn, graceMs);
  removeDeployState(ecosystemRoot);
  const named = (pids: number[]) => state.agents.filter((a) => pids.includes(a.pid)).map((a) => a.name);
  return {
    found: true,
    stopped: named(ours.filter((pid) => !stubborn.includes(pid))),
    killed: named(stubborn),
  };
}
