import { canonicalSha256 } from '@l9/runtime/shared';
import type { GraphAnalysis, IntegrationPair } from '../graph';
import { integrationMatrix } from '../graph';
import type { Ecosystem } from '../schema/model/ecosystem';
import { plannedFilesFor, type PlannedStep, type RoleOf } from './agent-steps';

export interface LockedTodo {
  /** `<agent id>.<position>`, e.g. `tensoraios.07`. */
  id: string;
  agent: string;
  /** The meta step that produces the file, and the module or doc it was made for. */
  step: string;
  subject?: string;
  /** Path from the workspace root. */
  file: string;
  action: 'create';
  ownership: 'generated' | 'user';
  target: string;
  expected: string;
}

export interface PlannedAgent {
  id: string;
  name: string;
  route_prefix: string;
  /** 0-based wave index. */
  wave: number;
  /** Local port: the base port plus the agent's position in the topological order. */
  port: number;
  depends_on: { hard: string[]; soft: string[] };
  /** sha256 of the canonical JSON of the normalized schema: any change to what the agent is changes the plan. */
  spec_sha256: string;
}

export interface LockedPlan {
  format: 'l9/locked-plan@1';
  title?: string;
  inputs: string[];
  agents: PlannedAgent[];
  /** Agent names in topological order. */
  order: string[];
  waves: string[][];
  edges: Array<{ from: string; to: string; kind: 'hard' | 'soft'; reason?: string }>;
  todo: LockedTodo[];
  /**
   * The integration matrix, locked as its rule and size: every ordered pair of distinct agents, sources
   * and targets in plan order. Its N·(N−1) pairs follow from `order` (see `matrixPairs`), so the plan stays
   * linear in the number of agents instead of listing 25 million pairs for 5,000 of them.
   */
  matrix: { rule: 'every-ordered-pair'; pairs: number };
  /** sha256 of the canonical JSON of every other field. */
  hash: string;
}

export interface LockOptions {
  steps: readonly PlannedStep[];
  roleOf: RoleOf;
  /** Root folder of agent projects, POSIX, e.g. `agents`. */
  agentsDir: string;
  portBase: number;
}

/**
 * Phase 0: freezes what will be generated. The plan holds no timestamps or absolute paths and is built
 * from sorted data only, so the same schemas give the same bytes and the same hash whatever order the
 * files were given in. `analysis` must come from a graph without cycles.
 */
export function lockPlan(ecosystem: Ecosystem, analysis: GraphAnalysis, options: LockOptions): LockedPlan {
  const byName = new Map(ecosystem.agents.map((a) => [a.name, a]));
  const waveOf = new Map<string, number>();
  analysis.waves.forEach((wave, i) => wave.forEach((name) => waveOf.set(name, i)));
  const agents: PlannedAgent[] = analysis.order.map((name, position) => {
    const spec = byName.get(name)!;
    return {
      id: spec.id,
      name: spec.name,
      route_prefix: spec.route_prefix,
      wave: waveOf.get(name) ?? 0,
      port: options.portBase + position,
      depends_on: spec.depends_on,
      spec_sha256: canonicalSha256(spec),
    };
  });
  const todo: LockedTodo[] = analysis.order.flatMap((name) => {
    const spec = byName.get(name)!;
    const files = plannedFilesFor(spec, options.steps, options.roleOf);
    const width = Math.max(2, String(files.length).length);
    return files.map((f, i) => ({
      id: `${spec.id}.${String(i + 1).padStart(width, '0')}`,
      agent: spec.name,
      step: f.step,
      ...(f.subject !== undefined ? { subject: f.subject } : {}),
      file: `${options.agentsDir}/${spec.id}/${f.file}`,
      action: 'create' as const,
      ownership: f.ownership,
      target: f.target,
      expected: f.expected,
    }));
  });
  const body: Omit<LockedPlan, 'hash'> = {
    format: 'l9/locked-plan@1',
    ...(ecosystem.title !== undefined ? { title: ecosystem.title } : {}),
    inputs: ecosystem.files,
    agents,
    order: analysis.order,
    waves: analysis.waves,
    edges: ecosystem.edges.map((e) => ({
      from: e.from,
      to: e.to,
      kind: e.kind,
      ...(e.reason ? { reason: e.reason } : {}),
    })),
    todo,
    matrix: { rule: 'every-ordered-pair', pairs: analysis.order.length * (analysis.order.length - 1) },
  };
  return { ...body, hash: planHash(body) };
}

/** The pairs of a locked plan's integration matrix, in order. */
export function matrixPairs(plan: Pick<LockedPlan, 'order'>): IntegrationPair[] {
  return integrationMatrix(plan.order);
}

export function planHash(body: Omit<LockedPlan, 'hash'>): string {
  return canonicalSha256(body);
}
