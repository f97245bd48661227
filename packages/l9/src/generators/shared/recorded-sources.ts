import type { Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { agentProjectRoot, AGENTS_DIR } from '../../plan/agents-dir';
import { MANIFEST_FILE, parseManifest } from './manifest';

export interface RecordedEcosystem {
  /** The ecosystem project's id (its folder under agents/). */
  id: string;
  /** The schema files it was generated from, workspace-relative. */
  schemas: string[];
  /** Ids of the agents its plan generated. */
  members: string[];
  /** Port of every member, by id, as its plan locked them. */
  ports: Record<string, number>;
}

export interface RecordedAgent {
  id: string;
  /** The agent's name as the schema writes it (what `l9:agent --name` picks). */
  name: string;
  schemas: string[];
  /** The port recorded for a standalone agent, when one was. */
  port?: number;
}

export interface RecordedSources {
  ecosystems: RecordedEcosystem[];
  /** Agents that belong to no ecosystem: `l9:agent` made them from their own schemas. */
  standalone: RecordedAgent[];
}

type UnifiedConfig = { schemas?: unknown; agents?: Array<{ id?: unknown; port?: unknown }> };

function stringList(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : null;
}

/**
 * The schema files of an ecosystem: `schemas` in its `ecosystem.yaml`; a project generated before l9
 * recorded them there still has them as the `inputs` of its `plan.lock.json`.
 */
function ecosystemSchemas(tree: Tree, root: string, config: UnifiedConfig): string[] {
  const recorded = stringList(config.schemas);
  if (recorded) return recorded;
  const plan = tree.read(`${root}/plan.lock.json`, 'utf-8');
  const inputs = plan === null ? null : stringList((JSON.parse(plan) as { inputs?: unknown }).inputs);
  if (!inputs)
    throw new Error(
      `${root}/ecosystem.yaml records no schema files and ${root}/plan.lock.json no inputs; regenerate it with nx g l9:ecosystem --schema=<files>`,
    );
  return inputs;
}

function readEcosystem(tree: Tree, id: string): RecordedEcosystem {
  const root = agentProjectRoot(id);
  const config = (parse(tree.read(`${root}/ecosystem.yaml`, 'utf-8')!) ?? {}) as UnifiedConfig;
  const agents = (config.agents ?? []).filter(
    (a): a is { id: string; port?: unknown } => typeof a?.id === 'string',
  );
  const ports = Object.fromEntries(
    agents.filter((a) => typeof a.port === 'number').map((a) => [a.id, a.port as number]),
  );
  return { id, schemas: ecosystemSchemas(tree, root, config), members: agents.map((a) => a.id), ports };
}

/** The sources a generated agent's own header names: `# Normalized by l9 from a.yaml, b.md. …` (projects from before the manifest recorded them). */
function schemasFromHeader(agentYaml: string | null): string[] {
  const match = /^# Normalized by l9 from (.+?)\. Edit the schema/m.exec(agentYaml ?? '');
  return match ? match[1]!.split(', ') : [];
}

function readAgent(tree: Tree, id: string): RecordedAgent | null {
  const root = agentProjectRoot(id);
  const manifest = parseManifest(tree.read(`${root}/${MANIFEST_FILE}`, 'utf-8'));
  if (!manifest) return null;
  const schemas = manifest.schemas ?? schemasFromHeader(tree.read(`${root}/agent.yaml`, 'utf-8'));
  if (schemas.length === 0) return null;
  return {
    id,
    name: manifest.agent,
    schemas,
    ...(manifest.port !== undefined ? { port: manifest.port } : {}),
  };
}

/**
 * Every ecosystem and every standalone agent of the workspace, with the schema files each was generated
 * from, read from what the generators wrote: an ecosystem project holds `ecosystem.yaml`, an agent project
 * `agent.yaml` and its manifest. Sorted by id, so whatever reads them works in the same order every time.
 */
export function recordedSources(tree: Tree): RecordedSources {
  const ids = tree.exists(AGENTS_DIR) ? tree.children(AGENTS_DIR).sort() : [];
  const ecosystems = ids
    .filter((id) => tree.isFile(`${agentProjectRoot(id)}/ecosystem.yaml`))
    .map((id) => readEcosystem(tree, id));
  const members = new Set(ecosystems.flatMap((e) => e.members));
  const standalone = ids
    .filter((id) => !members.has(id) && tree.isFile(`${agentProjectRoot(id)}/agent.yaml`))
    .map((id) => readAgent(tree, id))
    .filter((agent): agent is RecordedAgent => agent !== null);
  return { ecosystems, standalone };
}
