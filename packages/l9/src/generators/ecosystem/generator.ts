import type { Tree } from '@nx/devkit';
import { toKebabCase } from '../../schema/normalize/naming';
import { generateAgent } from '../shared/generate-agent';
import { logger } from '../shared/nx-logger';
import { planInTree } from '../shared/plan-in-tree';
import { schemaPaths } from '../shared/schema-paths';
import { renderEcosystemFiles } from '../shared/render/ecosystem/ecosystem-files';
import { L9GenerationError } from '../shared/report-diagnostics';
import { writeAgentProject } from '../shared/write-agent-project';
import type { EcosystemGeneratorSchema } from './schema';

/** The ecosystem project's id: given, else from the collection title, else `ecosystem`. */
function ecosystemId(option: string | undefined, title: string | undefined): string {
  if (option) return option;
  const fromTitle = title ? toKebabCase(title.replace(/[^A-Za-z0-9 _-]+/g, ' ').trim()) : '';
  return /^[a-z][a-z0-9-]*$/.test(fromTitle) ? fromTitle : 'ecosystem';
}

/**
 * `nx g l9:ecosystem --schema <file...>`: locks the plan, generates every agent in topological order and
 * the ecosystem project, all in one Tree — so a schema error leaves the workspace untouched.
 */
export async function ecosystemGenerator(tree: Tree, options: EcosystemGeneratorSchema): Promise<void> {
  const paths = schemaPaths(options.schema);
  const { meta, result } = planInTree(tree, paths);
  const { plan, ecosystem } = result;
  const id = ecosystemId(options.name, plan.title);
  if (plan.agents.some((a) => a.id === id)) {
    throw new L9GenerationError(`the ecosystem project id '${id}' is also an agent's id; choose another with --name`, []);
  }
  logger.info(`l9: plan ${plan.hash.slice(0, 12)} — ${plan.agents.length} agents in ${plan.waves.length} waves, ${plan.todo.length} files`);
  const byName = new Map(ecosystem.agents.map((a) => [a.name, a]));
  plan.agents.forEach((planned, index) => {
    const summary = generateAgent(tree, byName.get(planned.name)!, plan, meta);
    logger.info(`l9: [${index + 1}/${plan.agents.length}] wave ${planned.wave + 1} ${planned.name} → agents/${planned.id} (${summary.written.length} written, ${summary.kept.length} kept, ${summary.removed.length} removed)`);
  });
  const files = renderEcosystemFiles({ id, ecosystem, plan, meta });
  writeAgentProject(tree, `agents/${id}`, { agent: plan.title ?? id, id, spec_sha256: plan.hash }, files);
  logger.info(`l9: ecosystem project → agents/${id} (plan.lock.json, locked_todo_plan.md, ecosystem.yaml, integration-matrix.json, deploy/)`);
}

export default ecosystemGenerator;
