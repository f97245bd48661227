import type { Tree } from '@nx/devkit';
import { agentProjectRoot } from '../../plan/agents-dir';
import type { AgentSpec } from '../../schema';
import { generateAgent } from '../shared/generate-agent';
import { logger } from '../shared/generator-logger';
import { planInTree } from '../shared/plan-in-tree';
import { normalizeSchemaPath } from '../shared/read-schema-inputs';
import { recordedSources } from '../shared/recorded-sources';
import { regenerateEcosystem } from '../shared/regenerate-ecosystem';
import { L9GenerationError } from '../shared/report-diagnostics';
import { schemaPaths } from '../shared/schema-paths';
import { standalonePort } from '../shared/standalone-port';
import type { AgentGeneratorSchema } from './schema';

function pickAgent(agents: readonly AgentSpec[], name: string | undefined): AgentSpec {
  if (name !== undefined) {
    const found = agents.find((a) => a.name === name || a.id === name);
    if (!found)
      throw new L9GenerationError(
        `no agent named '${name}' in the schema files; they define ${agents.map((a) => a.name).join(', ')}`,
        [],
      );
    return found;
  }
  if (agents.length === 1) return agents[0]!;
  throw new L9GenerationError(
    `the schema files define ${agents.length} agents (${agents.map((a) => a.name).join(', ')}); choose one with --name, or use l9:ecosystem for all`,
    [],
  );
}

/**
 * `nx g l9:agent --schema <file> [--name <agent>]`: one agent project from a schema. A schema file an
 * ecosystem was generated from is planned with the rest of that ecosystem's files, and the agent is written
 * together with the ecosystem project, so `plan.lock.json` and the other ecosystem files stay in step with
 * it. Any other agent is standalone and keeps a port of its own, recorded in its manifest.
 */
export async function agentGenerator(tree: Tree, options: AgentGeneratorSchema): Promise<void> {
  const paths = schemaPaths(options.schema, tree.root).map(normalizeSchemaPath);
  const sources = recordedSources(tree);
  const ecosystem = sources.ecosystems.find((e) => paths.some((path) => e.schemas.includes(path)));
  const planPaths = ecosystem ? [...new Set([...ecosystem.schemas, ...paths])] : paths;
  const planned = planInTree(tree, planPaths, options.format);
  const { meta, result } = planned;
  // Only the agents of the files given are candidates, even when the plan spans the whole ecosystem.
  const given = result.ecosystem.agents.filter((a) =>
    paths.includes(result.ecosystem.origins[a.name]?.file ?? ''),
  );
  const spec = pickAgent(given, options.name);
  if (ecosystem) {
    const run = regenerateEcosystem(
      tree,
      { schemas: planPaths, id: ecosystem.id, members: new Set([spec.name]), log: () => undefined },
      planned,
    );
    const summary = run.projects[agentProjectRoot(spec.id)]!;
    logger.info(
      `l9: ${spec.name} → ${agentProjectRoot(spec.id)} (${summary.written.length} written, ${summary.kept.length} kept, ${summary.removed.length} removed); its ecosystem → ${agentProjectRoot(run.id)} (${run.projects[agentProjectRoot(run.id)]!.written.length} written)`,
    );
    return;
  }
  const port = standalonePort(sources, spec.id, meta.codegen.communication.ports.base);
  const summary = generateAgent(tree, spec, result.plan, meta, port);
  logger.info(
    `l9: ${spec.name} → ${agentProjectRoot(spec.id)} on port ${port} (${summary.written.length} written, ${summary.kept.length} kept, ${summary.removed.length} removed)`,
  );
}

export default agentGenerator;
