import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface PlanAgent {
  id: string;
  name: string;
  depends_on: { hard: string[]; soft: string[] };
}

/** The locked plan of an ecosystem project, as the generator wrote it. */
export function readPlanAgents(workspace: string, ecosystemProject: string): PlanAgent[] {
  return (
    JSON.parse(readFileSync(join(workspace, 'agents', ecosystemProject, 'plan.lock.json'), 'utf8')) as {
      agents: PlanAgent[];
    }
  ).agents;
}

/** Per agent id, the ids of the agents it depends on (hard and soft), sorted. */
export function dependencyIds(agents: PlanAgent[]): Record<string, string[]> {
  const idOf = new Map(agents.map((agent) => [agent.name, agent.id]));
  return Object.fromEntries(
    agents.map((agent) => [
      agent.id,
      [...agent.depends_on.hard, ...agent.depends_on.soft].map((name) => idOf.get(name) ?? name).sort(),
    ]),
  );
}

/** `id` and every agent that depends on it, directly or through others, sorted. */
export function withDependents(dependencies: Record<string, string[]>, id: string): string[] {
  const found = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [agent, deps] of Object.entries(dependencies)) {
      if (!found.has(agent) && deps.some((dep) => found.has(dep))) {
        found.add(agent);
        grew = true;
      }
    }
  }
  return [...found].sort();
}
