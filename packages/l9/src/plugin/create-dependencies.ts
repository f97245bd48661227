// Types only (see create-nodes-v2.ts); `DependencyType.static` is the string 'static', `.implicit` 'implicit'.
import { type CreateDependencies, type DependencyType, type RawProjectGraphDependency } from '@nx/devkit';
import { toKebabCase } from '../schema/normalize/naming';
import { hardEdgeType } from './edge-types';
import { readLockedOrder } from './locked-plan';
import { plannedEdges } from './planned-edges';
import { readDependsOn } from './read-agent-yaml';
import type { L9PluginOptions } from './plugin-options';

type Projects = Parameters<CreateDependencies>[1]['projects'];

const STATIC = 'static' as DependencyType.static;
const IMPLICIT = 'implicit' as DependencyType.implicit;

const isTagged = (projects: Projects, name: string, tag: string): boolean =>
  projects[name]?.tags?.includes(tag) === true;

/**
 * The edges the locked plans order by, and nothing else:
 *
 * - hard edges, as the meta template's `edge_kinds.hard.nx_dependency` says: `static` edges carry the
 *   dependent's `agent.yaml` as source file and are read from it when Nx hands it over as changed (a hard
 *   edge is a property of that file alone, so Nx's per-file cache of them stays exact); `implicit` ones are
 *   recomputed on every graph computation;
 * - soft edges, only those the ecosystem's `plan.lock.json` accepted (see plannedEdges), always implicit and
 *   recomputed every time from the plans: whether a soft edge is accepted depends on every agent's
 *   dependencies, so an edge cached against its own agent.yaml could outlive its acceptance and close a cycle.
 *
 * A standalone agent (no plan lists it) has no plan to accept its soft dependencies: they order nothing.
 * An unreadable agent.yaml adds no edge (createNodesV2 reports it against its file) and leaves every other edge
 * in place; an unreadable plan is reported as one error naming each such file, after all others were read.
 */
export const createDependencies: CreateDependencies<L9PluginOptions> = (_options, context) => {
  const { projects, workspaceRoot } = context;
  const hardType = hardEdgeType(workspaceRoot);
  const dependencies: RawProjectGraphDependency[] = [];
  const problems: string[] = [];
  const planned = new Set<string>();
  const resolve = projectResolver(projects);

  for (const [ecosystem, config] of Object.entries(projects)) {
    if (!isTagged(projects, ecosystem, 'l9:ecosystem')) continue;
    let plan;
    try {
      plan = readLockedOrder(workspaceRoot, config.root);
    } catch (error) {
      problems.push((error as Error).message);
      continue;
    }
    if (!plan) continue;
    const idOf = (name: string) => resolve(name, plan.ids[name]);
    for (const name of plan.order) {
      const id = idOf(name);
      if (id) planned.add(id);
    }
    for (const edge of plannedEdges(plan)) {
      if (edge.kind === 'hard' && hardType === 'static') continue;
      const source = idOf(edge.to);
      const target = idOf(edge.from);
      if (source && target && source !== target) dependencies.push({ source, target, type: IMPLICIT });
    }
  }

  const hardEdgesOf = (project: string, agentYaml: string, type: typeof STATIC | typeof IMPLICIT) => {
    let hard: string[];
    try {
      hard = readDependsOn(workspaceRoot, agentYaml).hard;
    } catch {
      // createNodesV2 reports this file with its line through Nx's aggregate error; throwing here as well would
      // make Nx drop every edge l9 gives, those of the healthy agents too.
      return;
    }
    for (const name of hard) {
      const target = resolve(name);
      if (!target || target === project) continue;
      dependencies.push(
        type === STATIC
          ? { source: project, target, sourceFile: agentYaml, type }
          : { source: project, target, type },
      );
    }
  };

  if (hardType === 'static') {
    // Only the agent.yaml files Nx reports as changed: the edges of unchanged ones stay in Nx's cached graph.
    for (const [project, files] of Object.entries(context.filesToProcess.projectFileMap)) {
      const root = projects[project]?.root;
      if (root === undefined || !isTagged(projects, project, 'l9:agent')) continue;
      const agentYaml = `${root}/agent.yaml`;
      if (files.some((f) => f.file === agentYaml)) hardEdgesOf(project, agentYaml, STATIC);
    }
  } else {
    // Plans gave the hard edges of their members; the agents no plan lists are read every time.
    for (const [project, config] of Object.entries(projects)) {
      if (isTagged(projects, project, 'l9:agent') && !planned.has(project))
        hardEdgesOf(project, `${config.root}/agent.yaml`, IMPLICIT);
    }
  }

  if (problems.length > 0)
    throw new Error(
      `l9 cannot read the dependencies of ${problems.length === 1 ? 'one file' : `${problems.length} files`}:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  return dependencies;
};

/**
 * A dependency names an agent (`MainAgent`); its project is the id a plan recorded for it, else the
 * kebab-case of the name, as generated. Only agent projects resolve. Names repeat across agents (every
 * agent of an ecosystem may depend on the same few), so each is resolved once.
 */
function projectResolver(projects: Projects): (name: string, recordedId?: string) => string | undefined {
  const resolved = new Map<string, string | undefined>();
  return (name, recordedId) => {
    const key = `${name}\u0000${recordedId ?? ''}`;
    if (resolved.has(key)) return resolved.get(key);
    const id = recordedId ?? toKebabCase(name);
    const target = isTagged(projects, id, 'l9:agent') ? id : undefined;
    resolved.set(key, target);
    return target;
  };
}
