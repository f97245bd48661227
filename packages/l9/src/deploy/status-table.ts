import { statusUrl } from './agent-health';
import type { AgentStatus } from './start-deployment';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

/** The status table: agent, port, backends, health (with why when it is not ok). */
export function renderStatusTable(statuses: readonly AgentStatus[]): string {
  const rows = statuses.map(({ agent, pid, health }) => [
    agent.name,
    String(agent.port),
    String(pid),
    health.backends,
    health.detail ? `${health.state} (${health.detail})` : health.state,
  ]);
  return table([['agent', 'port', 'pid', 'backends', 'health'], ...rows]);
}

/** One `curl` line per agent for its status endpoint. */
export function renderCurlLines(statuses: readonly Pick<AgentStatus, 'agent'>[]): string {
  return statuses.map(({ agent }) => `curl ${statusUrl(agent)}`).join('\n');
}
