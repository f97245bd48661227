import { basename } from 'node:path';
import {
  agentHostChoice,
  DeployError,
  requireBuiltBundles,
  requireBuiltHost,
  startAgentProcess,
  startHostProcess,
  StartFailure,
  stopProcesses,
  waitForAgentsHealth,
  type AgentHostChoice,
  type AgentProcess,
  type DeployedAgent,
} from '../../deploy';

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
    try {
      await waitForAgentsHealth(processes, {
        deadline: Date.now() + options.healthTimeoutMs,
        accept: ['ok'],
      });
    } catch (error) {
      throw error instanceof StartFailure ? new AgentStartError(error.message) : error;
    }
    return processes;
  } catch (error) {
    await stopProcesses(processes);
    throw error;
  }
}
