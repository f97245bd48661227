import { agentBaseUrl } from './agent-environment';
import type { DeployedAgent } from './deployment-plan';

export type HealthState = 'ok' | 'degraded' | 'down';

/** What `GET /<prefix>/health` said, reduced to what a status table shows. */
export interface AgentHealth {
  state: HealthState;
  /** `embedded` when every backend is in-process, else the kinds serving it (`redis, postgres`). */
  backends: string;
  /** Why it is degraded or down. */
  detail?: string;
}

interface HealthBody {
  status?: string;
  down?: string[];
  backends?: Array<{ kind?: string }>;
}

export const healthUrl = (agent: Pick<DeployedAgent, 'port' | 'routePrefix'>): string =>
  `${agentBaseUrl(agent)}/${agent.routePrefix}/health`;
export const statusUrl = (agent: Pick<DeployedAgent, 'port' | 'routePrefix'>): string =>
  `${agentBaseUrl(agent)}/${agent.routePrefix}/status`;

function backendKinds(body: HealthBody): string {
  const kinds = [...new Set((body.backends ?? []).map((b) => b.kind ?? 'unknown'))].sort();
  if (kinds.length === 0) return 'unknown';
  return kinds.every((kind) => kind === 'memory')
    ? 'embedded'
    : kinds.filter((kind) => kind !== 'memory').join(', ');
}

/** One health request; a refused connection or a timeout is `down` with the reason. */
export async function checkHealth(
  agent: Pick<DeployedAgent, 'port' | 'routePrefix'>,
  timeoutMs = 2000,
): Promise<AgentHealth> {
  try {
    const response = await fetch(healthUrl(agent), { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await response.json().catch(() => ({}))) as HealthBody;
    if (response.status === 200 && body.status === 'ok') return { state: 'ok', backends: backendKinds(body) };
    if (response.status === 503 && body.status === 'degraded')
      return {
        state: 'degraded',
        backends: backendKinds(body),
        detail: `backends down: ${(body.down ?? []).join(', ')}`,
      };
    return { state: 'down', backends: '-', detail: `GET ${healthUrl(agent)} answered ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { state: 'down', backends: '-', detail: cause?.code ?? (error as Error).name ?? 'no answer' };
  }
}
