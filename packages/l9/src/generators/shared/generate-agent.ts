import type { Tree } from '@nx/devkit';
import type { MetaTemplates } from '../../meta';
import type { LockedPlan } from '../../plan';
import type { AgentSpec } from '../../schema';
import { renderAgentFiles } from './render-agent-files';
import { renderContextFor } from './render-context-for';
import { writeAgentProject, type WriteSummary } from './write-agent-project';

/** Renders and writes one agent of a locked plan into its project folder. */
export function generateAgent(tree: Tree, spec: AgentSpec, plan: LockedPlan, meta: MetaTemplates): WriteSummary {
  const ctx = renderContextFor(spec, plan, meta);
  const planned = plan.agents.find((a) => a.name === spec.name)!;
  return writeAgentProject(tree, ctx.projectRoot, { agent: spec.name, id: spec.id, spec_sha256: planned.spec_sha256 }, renderAgentFiles(ctx, plan.todo));
}
