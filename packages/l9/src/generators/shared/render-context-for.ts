import type { MetaTemplates } from '../../meta';
import { roleForModule } from '../../meta/module-role';
import type { LockedPlan } from '../../plan';
import { agentProjectRoot } from '../../plan/agents-dir';
import type { AgentSpec } from '../../schema';
import type { AgentRenderContext } from './render/render-context';
import { TSCONFIG_BASE, type WorkspaceSettings } from './workspace-settings';

/** A workspace with a TypeScript base and no Jest preset: what a pure rendering assumes unless told. */
const BARE_WORKSPACE: WorkspaceSettings = { tsconfigBase: TSCONFIG_BASE, jestPreset: null };

/** The render context of one agent of a locked plan, in a workspace with `workspace`'s shared settings. */
export function renderContextFor(
  spec: AgentSpec,
  plan: LockedPlan,
  meta: MetaTemplates,
  workspace: WorkspaceSettings = BARE_WORKSPACE,
): AgentRenderContext {
  const planned = plan.agents.find((a) => a.name === spec.name);
  if (!planned) throw new Error(`${spec.name} is not in the locked plan`);
  const byName = new Map(plan.agents.map((a) => [a.name, a]));
  const dependencyNames = [...spec.depends_on.hard, ...spec.depends_on.soft].filter((name) =>
    byName.has(name),
  );
  return {
    spec,
    planned,
    plan,
    meta,
    projectRoot: agentProjectRoot(spec.id),
    roleOf: (source) => roleForModule(source, meta.codegen),
    dependencies: dependencyNames.map((name) => byName.get(name)!),
    workspace,
  };
}
