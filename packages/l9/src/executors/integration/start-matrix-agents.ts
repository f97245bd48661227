import { checkHealth, healthUrl } from '../../deploy/agent-health';
import { requireBuiltBundles } from '../../deploy/bundle-record';
import { describeExit, startAgentProcess, type AgentProcess } from '../../deploy/agent-process';
import type { DeployedAgent } from '../../deploy/deployment-plan';
import { stopAgentProcesses } from '../../deploy/stop-processes';

export interface StartMatrixOptions {
  agents: readonly DeployedAgent[];
  env: NodeJS.ProcessEnv;
  logDir: string;
  /** How long every agent together may take to answer `/health`. */
  healthTimeoutMs: number;
  /** Starts one agent; the real process by default (tests substitute failing ones). */
  start?: typeof startAgentProcess;
  /** The Nx target that builds the agents' bundles (`bundle` unless renamed), named when one is missing or out of date. */
  bundleTarget?: string;
}

export class AgentStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentStartError';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitHealthy(p: AgentProcess, deadline: number): Promise<void> {
  for (let delay = 50; ; delay = Math.min(delay * 2, 400)) {
    if (p.exit) throw new AgentStartError(`${p.agent.name} ${describeExit(p.exit)} before answering GET ${healthUrl(p.agent)}`);
    const health = await checkHealth(p.agent);
    if (health.state === 'ok') return;
    if (Date.now() > deadline) throw new AgentStartError(`${p.agent.name} did not answer GET ${healthUrl(p.agent)} with ok in time (last: ${health.state}${health.detail ? `, ${health.detail}` : ''})`);
    await Promise.race([sleep(delay), p.exited]);
  }
}

/**
 * Checks that every agent's bundle was built from its current sources by the bundle target, which the
 * integration target depends on (otherwise a DeployError names the agents and the command that builds them:
 * nothing is built here), then starts every agent at once
 * (the matrix needs all of them, in no particular order) and waits for each to
 * report healthy. If one exits or stays unhealthy past the deadline, every started process is stopped and
 * the error names the agent, why, and the tail of what it wrote.
 */
export async function startMatrixAgents(options: StartMatrixOptions): Promise<AgentProcess[]> {
  const start = options.start ?? startAgentProcess;
  requireBuiltBundles(options.agents, options.bundleTarget);
  const processes: AgentProcess[] = [];
  try {
    for (const agent of options.agents) processes.push(start(agent, options.agents, options.logDir, options.env));
    const deadline = Date.now() + options.healthTimeoutMs;
    const results = await Promise.allSettled(processes.map((p) => waitHealthy(p, deadline)));
    const failed = results.findIndex((r) => r.status === 'rejected');
    if (failed >= 0) {
      const p = processes[failed]!;
      const reason = (results[failed] as PromiseRejectedResult).reason as Error;
      const tail = p.stderr.text();
      throw new AgentStartError(`${reason.message}${tail ? `\n--- last output of ${p.agent.name} ---\n${tail}` : ''}\n(full log: ${p.logFile})`);
    }
    return processes;
  } catch (error) {
    await stopAgentProcesses(processes);
    throw error;
  }
}
