import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LockedPlan } from '../plan';

/** One agent as a deployment runs it: where its project is, which port it gets, whom it calls. */
export interface DeployedAgent {
  id: string;
  name: string;
  routePrefix: string;
  /** Zero-based wave of the locked plan: every agent of a wave starts once the previous wave is healthy. */
  wave: number;
  port: number;
  /** Ids of the agents it depends on (hard and soft), each reached through `L9_PEER_<ID>_URL`. */
  peers: string[];
  /** Absolute path of the agent project. */
  projectRoot: string;
}

export interface DeploymentPlan {
  ecosystem: string;
  /** Absolute path of the ecosystem project (the folder holding `plan.lock.json`). */
  ecosystemRoot: string;
  agents: DeployedAgent[];
  waves: DeployedAgent[][];
}

/** A deployment cannot start from what it was given; the message says what and where. */
export class DeployError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeployError';
  }
}

/** The first port of the plan, or `L9_PORT_BASE`, or the `--port-base` option. */
export function resolvePortBase(
  plan: Pick<LockedPlan, 'agents'>,
  option: number | string | undefined,
  env: NodeJS.ProcessEnv,
): number {
  const given = option ?? env['L9_PORT_BASE'];
  if (given === undefined || given === '') return Math.min(...plan.agents.map((a) => a.port));
  const base = Number(given);
  const highest = base + plan.agents.length - 1;
  if (!Number.isInteger(base) || base < 1 || highest > 65535) {
    throw new DeployError(
      `port base '${given}' is not usable: ${plan.agents.length} agents need ports base … base+${plan.agents.length - 1} within 1–65535`,
    );
  }
  return base;
}

/**
 * The port of each of `count` agents in plan order: `ports` itself when it lists one per agent (free ports
 * found by freePorts), else `ports` as a base plus each agent's position.
 */
export function agentPorts(ports: number | readonly number[], count: number): number[] {
  if (typeof ports === 'number') return Array.from({ length: count }, (_, index) => ports + index);
  if (ports.length !== count)
    throw new DeployError(`${count} agents need as many ports, got ${ports.length}`);
  return [...ports];
}

/**
 * The deployment of an ecosystem project: agents in the plan's topological order, each on `ports` plus its
 * position in that order (8000, 8001, … for the example) or on its own of the ports listed, grouped by wave.
 */
export function deploymentPlan(
  plan: LockedPlan,
  ecosystemRoot: string,
  ports: number | readonly number[],
): DeploymentPlan {
  const portOf = agentPorts(ports, plan.agents.length);
  const idOf = new Map(plan.agents.map((a) => [a.name, a.id]));
  const agentsDir = dirname(ecosystemRoot);
  const agents = plan.agents.map((a, index): DeployedAgent => ({
    id: a.id,
    name: a.name,
    routePrefix: a.route_prefix,
    wave: a.wave,
    port: portOf[index]!,
    peers: [...a.depends_on.hard, ...a.depends_on.soft]
      .map((name) => idOf.get(name))
      .filter((id): id is string => id !== undefined),
    projectRoot: join(agentsDir, a.id),
  }));
  const waves = plan.waves.map((_, wave) => agents.filter((a) => a.wave === wave));
  return { ecosystem: ecosystemRoot.split(/[\\/]/).pop()!, ecosystemRoot, agents, waves };
}

/** The locked plan's file in the ecosystem project. */
export const PLAN_FILE = 'plan.lock.json';

/** Reads `<ecosystemRoot>/plan.lock.json`; a missing or foreign file is a DeployError naming it. */
export function readLockedPlan(ecosystemRoot: string): LockedPlan {
  const path = join(ecosystemRoot, PLAN_FILE);
  let plan: LockedPlan;
  try {
    plan = JSON.parse(readFileSync(path, 'utf8')) as LockedPlan;
  } catch (error) {
    throw new DeployError(
      `${path}: cannot read the locked plan (${(error as Error).message}); generate the ecosystem with nx g l9:ecosystem`,
    );
  }
  if (plan.format !== 'l9/locked-plan@1' || !Array.isArray(plan.agents))
    throw new DeployError(`${path}: not an l9 locked plan (format ${String(plan.format)})`);
  return plan;
}
