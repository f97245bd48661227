import type { Tree } from '@nx/devkit';
import type { AgentSpec } from '../../schema';
import { generateAgent } from '../shared/generate-agent';
import { logger } from '../shared/nx-logger';
import { planInTree } from '../shared/plan-in-tree';
import { schemaPaths } from '../shared/schema-paths';
import { L9GenerationError } from '../shared/report-diagnostics';
import type { AgentGeneratorSchema } from './schema';

function pickAgent(agents: readonly AgentSpec[], name: string | undefined): AgentSpec {
  if (name !== undefined) {
    const found = agents.find((a) => a.name === name || a.id === name);
    if (!found) throw new L9GenerationError(`no agent named '${name}' in the schema files; they define ${agents.map((a) => a.name).join(', ')}`, []);
    return found;
  }
  if (agents.length === 1) return agents[0]!;
  throw new L9GenerationError(`the schema files define ${agents.length} agents (${agents.map((a) => a.name).join(', ')}); choose one with --name, or use l9:ecosystem for all`, []);
}

/** `nx g l9:agent --schema <file> [--name <agent>]`: one agent project from a schema. */
export async function agentGenerator(tree: Tree, options: AgentGeneratorSchema): Promise<void> {
  const paths = schemaPaths(options.schema);
  const { meta, result } = planInTree(tree, paths);
  const spec = pickAgent(result.ecosystem.agents, options.name);
  const summary = generateAgent(tree, spec, result.plan, meta);
  logger.info(`l9: ${spec.name} → agents/${spec.id} (${summary.written.length} written, ${summary.kept.length} kept, ${summary.removed.length} removed)`);
}

export default agentGenerator;
