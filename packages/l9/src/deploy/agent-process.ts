import { join } from 'node:path';
import { AGENT_NODE_ARGUMENTS } from './agent-entry';
import { agentEnvironment } from './agent-environment';
import type { DeployedAgent } from './deployment-plan';
import { startProcess, type SupervisedProcess } from './supervised-process';

/**
 * One running agent: its supervised process, log file and stderr tail. Agents hosted in one process (see
 * host-process.ts) each have one of these over the same child, pid, log and tail.
 */
export interface AgentProcess extends SupervisedProcess {
  agent: DeployedAgent;
  logFile: string;
  /** Set when the agent runs in one process with others: how many it hosts (they exit together). */
  hosting?: number;
}

/**
 * Starts the agent's bundle (built beforehand by bundleAgents) in the agent's project, with its port,
 * peers and own secrets in the environment, as a supervised process (stopped with this one). stdout and stderr
 * go to `<logDir>/<id>.log`; the stderr tail stays in memory for error messages. `args` replaces the bundle's
 * command (a benchmark running the sources through a loader).
 */
export function startAgentProcess(
  agent: DeployedAgent,
  all: readonly DeployedAgent[],
  logDir: string,
  env: NodeJS.ProcessEnv,
  secrets: Record<string, string> = {},
  args: readonly string[] = AGENT_NODE_ARGUMENTS,
): AgentProcess {
  const logFile = join(logDir, `${agent.id}.log`);
  const started = startProcess({
    args,
    cwd: agent.projectRoot,
    env: agentEnvironment(agent, all, env, secrets),
    logFile,
  });
  // The same object, so `exit` (set by the process when it ends) is seen through the agent's view too.
  return Object.assign(started, { agent, logFile });
}
