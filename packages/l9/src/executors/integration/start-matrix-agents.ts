import { basename } from 'node:path';
import { checkHealth, healthUrl } from '../../deploy/agent-health';
import { requireBuiltBundles, requireBuiltHost } from '../../deploy/bundle-record';
import {
  exitedBeforeAnswering,
  outputOwner,
  startAgentProcess,
  type AgentProcess,
} from '../../deploy/agent-process';
import { DeployError, type DeployedAgent } from '../../deploy/deployment-plan';
import { agentHostChoice, startHostProcess, type AgentHostChoice } from '../../deploy/host-process';
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
  /**
   * Each agent in its own process (default), or all of them in one from the ecosystem's host bundle; without
   * it, `L9_AGENT_HOST` in `env` chooses.
   */
  host?: AgentHostChoice;
  /** The ecosystem project, whose host bundle runs the agents in one process; needed for `one-process` only. */
  ecosystemRoot?: string;
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
    if (p.exit) throw new AgentStartError(exitedBeforeAnswering(p, p.exit, healthUrl(p.agent)));
    const health = await checkHealth(p.agent);
    if (health.state === 'ok') return;
    if (Date.now() > deadline)
      throw new AgentStartError(
        `${p.agent.name} did not answer GET ${healthUrl(p.agent)} with ok in time (last: ${health.state}${health.detail ? `, ${health.detail}` : ''})`,
      );
    await Promise.race([sleep(delay), p.exited]);
  }
}

/**
 * Checks that every agent's bundle (or, to run them in one process, the ecosystem's host bundle) was built from
 * its current sources by the bundle target, which the
 * integration target depends on (otherwise a DeployError names the agents and the command that builds them:
 * nothing is built here), then starts every agent at once
 * (the matrix needs all of them, in no particular order) and waits for each to
 * report healthy. If one exits or stays unhealthy past the deadline, every started process is stopped and
 * the error names the agent, why, and the tail of what it wrote.
 */
export async function startMatrixAgents(options: StartMatrixOptions): Promise<AgentProcess[]> {
  const start = options.start ?? startAgentProcess;
  const host = agentHostChoice(options.host, options.env, (message) => new DeployError(message));
  if (host === 'one-process') {
    if (options.ecosystemRoot === undefined)
      throw new DeployError(
        'the agents cannot run in one process: no ecosystem project was given, whose host bundle runs them',
      );
    requireBuiltHost(
      { ecosystem: basename(options.ecosystemRoot), ecosystemRoot: options.ecosystemRoot },
      options.bundleTarget,
    );
  } else requireBuiltBundles(options.agents, options.bundleTarget);
  const processes: AgentProcess[] = [];
  try {
    if (host === 'one-process')
      processes.push(
        ...startHostProcess(
          options.ecosystemRoot!,
          options.agents,
          options.agents,
          options.logDir,
          options.env,
        ),
      );
    else
      for (const agent of options.agents)
        processes.push(start(agent, options.agents, options.logDir, options.env));
    const deadline = Date.now() + options.healthTimeoutMs;
    const results = await Promise.allSettled(processes.map((p) => waitHealthy(p, deadline)));
    const failed = results.findIndex((r) => r.status === 'rejected');
    if (failed >= 0) {
      const p = processes[failed]!;
      const reason = (results[failed] as PromiseRejectedResult).reason as Error;
      const tail = p.stderr.text();
      // In one process the agents exit together: the host's own output names the one that failed to start.
      throw new AgentStartError(
        `${reason.message}${tail ? `\n--- last output of ${outputOwner(p)} ---\n${tail}` : ''}\n(full log: ${p.logFile})`,
      );
    }
    return processes;
  } catch (error) {
    await stopAgentProcesses(processes);
    throw error;
  }
}
