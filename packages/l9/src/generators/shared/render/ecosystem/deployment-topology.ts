import type { LockedPlan } from '../../../../plan';

/** One agent as every deployment file describes it, in plan order. */
export interface DeployTopologyAgent {
  id: string;
  name: string;
  wave: number;
  port: number;
  routePrefix: string;
  /** Ids of hard dependencies: started (and healthy) first. */
  hard: string[];
  /** Ids of every dependency, hard and soft: each gets `L9_PEER_<ID>_URL`. */
  peers: string[];
  /** Ids of the agents that depend on it (hard or soft): the only agents that call it. */
  dependents: string[];
  /** No agent of the ecosystem depends on it, so it is where requests from outside come in (see entryPoints). */
  entryPoint: boolean;
}

/** Readiness: every backend answers (503 while one is down). */
export const healthPath = (agent: Pick<DeployTopologyAgent, 'routePrefix'>): string =>
  `/${agent.routePrefix}/health`;
/** Liveness: the process serves; no backend is asked, so an outage of one does not restart the agent. */
export const livePath = (agent: Pick<DeployTopologyAgent, 'routePrefix'>): string =>
  `/${agent.routePrefix}/live`;

/**
 * The plan's agents with their dependencies as ids, which is what service names and variables use.
 *
 * The entry points are the agents nothing else in the ecosystem depends on: no agent calls them, so they exist
 * to be called from outside (TensorAIOS: PlastOSAdapter and TensorAuditor, the last wave). Every other agent
 * is reached only by the agents that depend on it; a single agent is its ecosystem's entry point.
 */
export function deploymentTopology(plan: LockedPlan): DeployTopologyAgent[] {
  const idOf = new Map(plan.agents.map((a) => [a.name, a.id]));
  const ids = (names: readonly string[]) =>
    names.map((name) => idOf.get(name)).filter((id): id is string => id !== undefined);
  const agents = plan.agents.map((a) => ({
    id: a.id,
    name: a.name,
    wave: a.wave,
    port: a.port,
    routePrefix: a.route_prefix,
    hard: ids(a.depends_on.hard),
    peers: [...new Set(ids([...a.depends_on.hard, ...a.depends_on.soft]))],
  }));
  return agents.map((agent) => {
    const dependents = agents.filter((other) => other.peers.includes(agent.id)).map((other) => other.id);
    return { ...agent, dependents, entryPoint: dependents.length === 0 };
  });
}

/** A one-line health probe for images without curl (node:20-slim): exit 0 when the URL answers 2xx. */
export const nodeHealthProbe = (url: string): string =>
  `fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;
