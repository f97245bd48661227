import type { Tree } from '@nx/devkit';
import { agentProjectRoot } from '../../plan/agents-dir';
import { generateAgent } from '../shared/generate-agent';
import { planInTree } from '../shared/plan-in-tree';
import { recordedSources, type RecordedAgent } from '../shared/recorded-sources';
import { regenerateEcosystem } from '../shared/regenerate-ecosystem';
import { L9GenerationError } from '../shared/report-diagnostics';
import { standalonePort } from '../shared/standalone-port';
import type { WriteSummary } from '../shared/write-agent-project';

/**
 * What an Nx sync generator returns: nothing when in sync, else why not. Nx 22 defines this type only in its own
 * internals (`nx/src/utils/sync-generators`), not among `@nx/devkit`'s exports, so its two fields are spelled here.
 */
export type SyncGeneratorResult = void | { outOfSyncMessage: string; outOfSyncDetails: string[] };

/** A project whose files differ from what its schema files generate. */
export interface ProjectDrift {
  /** `agents/<id>`. */
  project: string;
  schemas: readonly string[];
  /** Files written or removed, relative to the project. */
  files: string[];
}

function driftOf(project: string, schemas: readonly string[], summary: WriteSummary): ProjectDrift[] {
  const files = [...summary.written, ...summary.removed].sort();
  return files.length === 0 ? [] : [{ project, schemas, files }];
}

/** Regenerates a standalone agent from its recorded schema files, on its recorded (or a newly allocated) port. */
function syncStandalone(tree: Tree, agent: RecordedAgent): WriteSummary {
  const { meta, result } = planInTree(tree, agent.schemas);
  const spec = result.ecosystem.agents.find((a) => a.name === agent.name);
  if (!spec) {
    throw new L9GenerationError(
      `${agentProjectRoot(agent.id)}: its schema files (${agent.schemas.join(', ')}) no longer define ${agent.name}; regenerate it with nx g l9:agent --schema=<file>, or delete the project`,
      [],
    );
  }
  // Read again for each agent: a port allocated for the previous one is taken now.
  const port = standalonePort(recordedSources(tree), agent.id, meta.codegen.communication.ports.base);
  return generateAgent(tree, spec, result.plan, meta, port);
}

/** Every l9 project of the workspace regenerated in the Tree from its recorded schema files; what changed. */
export function syncL9Projects(tree: Tree): ProjectDrift[] {
  const sources = recordedSources(tree);
  const drift: ProjectDrift[] = [];
  for (const ecosystem of sources.ecosystems) {
    const run = regenerateEcosystem(tree, {
      schemas: ecosystem.schemas,
      id: ecosystem.id,
      log: () => undefined,
    });
    for (const [project, summary] of Object.entries(run.projects))
      drift.push(...driftOf(project, ecosystem.schemas, summary));
  }
  for (const agent of sources.standalone)
    drift.push(...driftOf(agentProjectRoot(agent.id), agent.schemas, syncStandalone(tree, agent)));
  return drift.sort((a, b) => (a.project < b.project ? -1 : a.project > b.project ? 1 : 0));
}

/** The out-of-sync message: which projects, and the schema files they no longer match. */
export function outOfSyncMessage(drift: readonly ProjectDrift[]): string {
  const schemas = [...new Set(drift.flatMap((d) => d.schemas))].sort();
  return `${drift.map((d) => d.project).join(', ')} differ from what their schema files (${schemas.join(', ')}) generate. Run nx sync to regenerate them.`;
}

/**
 * `l9:sync`, an Nx sync generator: regenerates every ecosystem from the schema files its `ecosystem.yaml`
 * records and every standalone agent from the schema files its manifest records, writing only files whose
 * bytes change. `nx sync` applies that; `nx sync:check` fails with the message naming the projects and the
 * schema files when anything would change. A schema error fails the generator with its diagnostics.
 */
export async function syncGenerator(tree: Tree): Promise<SyncGeneratorResult> {
  const drift = syncL9Projects(tree);
  if (drift.length === 0) return;
  return {
    outOfSyncMessage: outOfSyncMessage(drift),
    outOfSyncDetails: drift.map((d) => `${d.project} (from ${d.schemas.join(', ')}): ${d.files.join(', ')}`),
  };
}

export default syncGenerator;
