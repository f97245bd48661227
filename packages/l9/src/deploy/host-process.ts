import { join } from 'node:path';
import { HOST_NODE_ARGUMENTS } from './agent-entry';
import { agentEnvironment } from './agent-environment';
import type { AgentProcess } from './agent-process';
import type { DeployedAgent } from './deployment-plan';
import { startProcess } from './supervised-process';

/** How the agents of an ecosystem run: each in its own process (the default), or all in one (the host bundle). */
export type AgentHostChoice = 'per-process' | 'one-process';
export const AGENT_HOST_CHOICES: readonly AgentHostChoice[] = ['per-process', 'one-process'];

/** The request format of @l9/runtime's runAgentHost (the plugin does not load the runtime; a test keeps them equal). */
export const AGENT_HOST_FORMAT = 'l9/agent-host@1';

/** The host choice from an option, else `L9_AGENT_HOST`, else per-process; anything else is refused, naming where it came from. */
export function agentHostChoice(
  option: string | undefined,
  env: NodeJS.ProcessEnv,
  onError: (message: string) => Error,
): AgentHostChoice {
  const given = option ?? (env['L9_AGENT_HOST'] || undefined);
  if (given === undefined) return 'per-process';
  if ((AGENT_HOST_CHOICES as readonly string[]).includes(given)) return given as AgentHostChoice;
  throw onError(
    `${option !== undefined ? '--host' : 'L9_AGENT_HOST'} is '${given}': choose ${AGENT_HOST_CHOICES.join(' or ')}`,
  );
}

/** What the host reads on stdin: each agent with exactly the environment its own process would have had. */
export function hostRequest(
  agents: readonly DeployedAgent[],
  all: readonly DeployedAgent[],
  env: NodeJS.ProcessEnv,
  secretsFor: (id: string) => Record<string, string> = () => ({}),
): string {
  const definedOnly = (map: NodeJS.ProcessEnv) =>
    Object.fromEntries(
      Object.entries(map).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
  return JSON.stringify({
    format: AGENT_HOST_FORMAT,
    agents: agents.map((agent) => ({
      id: agent.id,
      root: agent.projectRoot,
      env: definedOnly(agentEnvironment(agent, all, env, secretsFor(agent.id))),
    })),
  });
}

/**
 * Starts `agents` in one node process from the ecosystem's host bundle (built beforehand by bundleHost), in the
 * order given, each with its port, peers and own secrets in its own env map, handed over on stdin so that no
 * agent's keys are in the process's environment or on disk. One AgentProcess per agent, all over the same child;
 * its output goes to `<logDir>/host.log`. The process's own environment is `env`, without any agent's secrets.
 */
export function startHostProcess(
  ecosystemRoot: string,
  agents: readonly DeployedAgent[],
  all: readonly DeployedAgent[],
  logDir: string,
  env: NodeJS.ProcessEnv,
  secretsFor?: (id: string) => Record<string, string>,
): AgentProcess[] {
  const views: AgentProcess[] = [];
  const logFile = join(logDir, 'host.log');
  const started = startProcess({
    args: HOST_NODE_ARGUMENTS,
    cwd: ecosystemRoot,
    env,
    logFile,
    stdin: hostRequest(agents, all, env, secretsFor),
    onExit: (exit) => {
      for (const view of views) view.exit = exit;
    },
  });
  // Each view is its own object (its own agent) over the same child; the process sets `exit` on every one.
  for (const agent of agents) views.push({ ...started, agent, logFile, hosting: agents.length });
  return views;
}
