import { join } from 'node:path';
import { agentPorts, type DeployedAgent } from '../../deploy';
import type { LockedPlan } from '../../plan';

/**
 * The agents of the plan as a matrix run starts them: each on its own port and told the URL of every other
 * agent (`L9_PEER_<ID>_URL`), since every ordered pair exchanges packets, not only declared dependencies.
 */
export function matrixAgents(
  plan: Pick<LockedPlan, 'agents'>,
  agentsDir: string,
  ports: readonly number[],
): DeployedAgent[] {
  const portOf = agentPorts(ports, plan.agents.length);
  return plan.agents.map((a, index) => ({
    id: a.id,
    name: a.name,
    routePrefix: a.route_prefix,
    wave: a.wave,
    port: portOf[index]!,
    peers: plan.agents.filter((other) => other.id !== a.id).map((other) => other.id),
    projectRoot: join(agentsDir, a.id),
  }));
}
