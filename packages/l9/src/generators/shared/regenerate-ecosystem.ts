import type { Tree } from '@nx/devkit';
import type { DiagnosticFormat } from '../../diagnostics';
import type { LockedPlan } from '../../plan';
import { agentProjectRoot } from '../../plan/agents-dir';
import { toKebabCase } from '../../schema/normalize/naming';
import { generateAgent } from './generate-agent';
import { planInTree, type LockedWorkspace } from './plan-in-tree';
import { renderEcosystemFiles } from './render/ecosystem/ecosystem-files';
import { L9GenerationError } from './report-diagnostics';
import { writeAgentProject, type WriteSummary } from './write-agent-project';

export interface EcosystemRun {
  /** Workspace-relative schema files. */
  schemas: readonly string[];
  /** The ecosystem project's id; default: from the collection title, else `ecosystem`. */
  id?: string;
  /** Names of the agents to write; every agent of the plan when absent. The ecosystem project is always written. */
  members?: ReadonlySet<string>;
  /** Where progress lines go (the generators print them, the sync generator does not). */
  log: (line: string) => void;
  /** How diagnostics are printed; default text. */
  format?: DiagnosticFormat;
}

export interface EcosystemResult {
  id: string;
  plan: LockedPlan;
  /** What was written per project root (`agents/<id>`), the ecosystem project included. */
  projects: Record<string, WriteSummary>;
}

/** The ecosystem project's id: given, else from the collection title, else `ecosystem`. */
function ecosystemId(option: string | undefined, title: string | undefined): string {
  if (option) return option;
  const fromTitle = title ? toKebabCase(title.replace(/[^A-Za-z0-9 _-]+/g, ' ').trim()) : '';
  return /^[a-z][a-z0-9-]*$/.test(fromTitle) ? fromTitle : 'ecosystem';
}

/**
 * Locks the plan of a schema collection and writes its agents (in topological order) and the ecosystem
 * project, all in one Tree — so a schema error leaves the workspace untouched. Shared by `l9:ecosystem`,
 * `l9:agent` on a member of an ecosystem and `l9:sync`. `planned` is the plan of `run.schemas` when the
 * caller has locked it already.
 */
export function regenerateEcosystem(
  tree: Tree,
  run: EcosystemRun,
  planned: LockedWorkspace = planInTree(tree, run.schemas, run.format),
): EcosystemResult {
  const { meta, result } = planned;
  const { plan, ecosystem } = result;
  const id = ecosystemId(run.id, plan.title);
  if (plan.agents.some((a) => a.id === id)) {
    throw new L9GenerationError(
      `the ecosystem project id '${id}' is also an agent's id; choose another with --name`,
      [],
    );
  }
  run.log(
    `l9: plan ${plan.hash.slice(0, 12)} — ${plan.agents.length} agents in ${plan.waves.length} waves, ${plan.todo.length} files`,
  );
  const byName = new Map(ecosystem.agents.map((a) => [a.name, a]));
  const projects: Record<string, WriteSummary> = {};
  plan.agents.forEach((planned, index) => {
    if (run.members && !run.members.has(planned.name)) return;
    const summary = generateAgent(tree, byName.get(planned.name)!, plan, meta);
    projects[agentProjectRoot(planned.id)] = summary;
    run.log(
      `l9: [${index + 1}/${plan.agents.length}] wave ${planned.wave + 1} ${planned.name} → ${agentProjectRoot(planned.id)} (${summary.written.length} written, ${summary.kept.length} kept, ${summary.removed.length} removed)`,
    );
  });
  const files = renderEcosystemFiles({ id, ecosystem, plan, meta });
  const root = agentProjectRoot(id);
  projects[root] = writeAgentProject(
    tree,
    root,
    { agent: plan.title ?? id, id, spec_sha256: plan.hash, schemas: plan.inputs },
    files,
  );
  run.log(
    `l9: ecosystem project → ${root} (plan.lock.json, locked_todo_plan.md, ecosystem.yaml, integration-matrix.json, deploy/)`,
  );
  return { id, plan, projects };
}
