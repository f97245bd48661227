import type { DeployedAgent } from './deployment-plan';

/**
 * Env variable through which an agent finds a peer: `L9_PEER_MAIN_AGENT_URL` for `main-agent`. The same
 * rule as the runtime's `peerUrlVariable` (a test keeps the two equal); the plugin does not load the runtime.
 * The generated Compose and Kubernetes files name peers with it too.
 */
export function peerUrlVariable(id: string): string {
  return `L9_PEER_${id.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_URL`;
}

export const agentBaseUrl = (agent: Pick<DeployedAgent, 'port'>): string => `http://127.0.0.1:${agent.port}`;

/**
 * The environment of one agent process: the caller's (so `L9_REDIS_URL`, `L9_POSTGRES_URL`, `L9_NEO4J_URL`
 * and secrets pass through: embedded backends unless they are set), its own secrets (`secrets`, see
 * local-secrets.ts), its port on loopback, and the URL of every peer.
 */
export function agentEnvironment(
  agent: DeployedAgent,
  all: readonly DeployedAgent[],
  base: NodeJS.ProcessEnv,
  secrets: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...secrets, L9_PORT: String(agent.port), L9_HOST: '127.0.0.1' };
  for (const id of agent.peers) {
    const peer = all.find((a) => a.id === id);
    if (peer) env[peerUrlVariable(peer.id)] = agentBaseUrl(peer);
  }
  return env;
}
