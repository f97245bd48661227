import type { Tree } from '@nx/devkit';
import type { MetaTemplates } from '../../meta';
import type { LockedPlan } from '../../plan';
import type { AgentSpec } from '../../schema';
import { renderAgentFiles } from './render-agent-files';
import { renderContextFor } from './render-context-for';
import { ensureTsconfigBase, readWorkspaceSettings } from './workspace-settings';
import { writeAgentProject, type WriteSummary } from './write-agent-project';

/** The plan as one agent sees it when it runs on a port of its own rather than the one its plan position gives. */
function withPort(plan: LockedPlan, name: string, port: number): LockedPlan {
  return { ...plan, agents: plan.agents.map((agent) => (agent.name === name ? { ...agent, port } : agent)) };
}

/**
 * Renders and writes one agent of a locked plan into its project folder. `standalonePort` is given for an
 * agent that belongs to no ecosystem: it runs on that port and its manifest records it.
 */
export function generateAgent(
  tree: Tree,
  spec: AgentSpec,
  plan: LockedPlan,
  meta: MetaTemplates,
  standalonePort?: number,
): WriteSummary {
  const effective = standalonePort === undefined ? plan : withPort(plan, spec.name, standalonePort);
  // The agent's tsconfig.json extends the workspace's base: written once here when the workspace has none.
  ensureTsconfigBase(tree);
  const ctx = renderContextFor(spec, effective, meta, readWorkspaceSettings(tree));
  const record = {
    agent: spec.name,
    id: spec.id,
    spec_sha256: ctx.planned.spec_sha256,
    schemas: plan.inputs,
    ...(standalonePort !== undefined ? { port: standalonePort } : {}),
  };
  return writeAgentProject(tree, ctx.projectRoot, record, renderAgentFiles(ctx, effective.todo));
}
