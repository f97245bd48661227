import { textTable } from '../text-table';
import { statusUrl } from './agent-health';
import type { AgentStatus } from './start-deployment';

/** The status table: agent, port, backends, health (with why when it is not ok). */
export function renderStatusTable(statuses: readonly AgentStatus[]): string {
  const rows = statuses.map(({ agent, pid, health }) => [
    agent.name,
    String(agent.port),
    String(pid),
    health.backends,
    health.detail ? `${health.state} (${health.detail})` : health.state,
  ]);
  return textTable([['agent', 'port', 'pid', 'backends', 'health'], ...rows]);
}

/** One `curl` line per agent for its status endpoint. */
export function renderCurlLines(statuses: readonly Pick<AgentStatus, 'agent'>[]): string {
  return statuses.map(({ agent }) => `curl ${statusUrl(agent)}`).join('\n');
}
