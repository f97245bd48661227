import { sortDiagnostics, type Diagnostic } from '../diagnostics';
import type { AgentSpec } from './model/agent-spec';
import type { DependencyEdge, Ecosystem } from './model/ecosystem';
import type { RoleOf } from './normalize/check-endpoint-contracts';
import { normalizeAgent, type AgentDefaults } from './normalize/normalize-agent';
import { resolveDependencies } from './resolve-dependencies';
import { extractorMapEdges, glueLayerEdges, type WrittenEdge } from './sources/collection-edges';
import type { IngestLimits, SchemaFileInput } from './sources/decode-schema-file';
import { readSchemaFile, type SchemaUnit } from './sources/read-schema-file';
import type { SourcePosition } from './yaml';

export interface IngestOptions {
  limits: IngestLimits;
  /** Governance for schemas that leave it out; none when absent. */
  defaults?: AgentDefaults;
  /** Module roles (infrastructure or domain) for checking what serves each endpoint; all domain when absent. */
  roleOf?: RoleOf;
}

export interface IngestResult {
  ecosystem: Ecosystem;
  /** Sorted by position. Any `error` means the ecosystem must not be generated. */
  diagnostics: Diagnostic[];
}

function kindOf(unit: SchemaUnit): 'front-matter' | 'extractor-map' | 'glue-layer' | 'agent' | 'unknown' {
  const value = unit.source.value;
  if ('dependency_graph' in value || 'extraction_sequence' in value) return 'extractor-map';
  if ('wirings' in value) return 'glue-layer';
  const system = value['system'];
  if ('name' in value || (typeof system === 'object' && system !== null && 'name' in system)) return 'agent';
  return unit.origin === 'front-matter' ? 'front-matter' : 'unknown';
}

function positionText(p: SourcePosition): string {
  return `${p.file}:${p.line}:${p.column}`;
}

/**
 * Reads any mix of schema files — flat or nested v6 YAML, multi-document streams, Markdown collections,
 * extractor maps and glue layers — into one normalized `Ecosystem`, with every problem as a positioned
 * diagnostic. Pure: takes contents, touches no disk, never throws on bad input. The result does not depend
 * on the order the files are given in.
 */
export function ingestSchemas(files: readonly SchemaFileInput[], options: IngestOptions): IngestResult {
  const diagnostics: Diagnostic[] = [];
  const agents: AgentSpec[] = [];
  const taken = new Map<string, AgentSpec>();
  const origins: Record<string, SourcePosition> = {};
  const edges: DependencyEdge[] = [];
  let title: string | undefined;
  const sortedFiles = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  for (const file of sortedFiles) {
    const read = readSchemaFile(file, options.limits);
    diagnostics.push(...read.diagnostics);
    for (const unit of read.units) {
      const kind = kindOf(unit);
      if (kind === 'front-matter') {
        const t = unit.source.value['title'];
        if (typeof t === 'string' && title === undefined) title = t;
      } else if (kind === 'extractor-map' || kind === 'glue-layer') {
        const written =
          kind === 'extractor-map' ? extractorMapEdges(unit.source) : glueLayerEdges(unit.source);
        diagnostics.push(...written.diagnostics);
        edges.push(
          ...written.edges.map((e: WrittenEdge) => ({
            from: e.from,
            to: e.to,
            kind: e.kind,
            ...(e.reason ? { reason: e.reason } : {}),
            origin: unit.source.locate(e.path),
          })),
        );
      } else if (kind === 'agent') {
        const normalized = normalizeAgent(unit.source, options.defaults, options.roleOf);
        diagnostics.push(...normalized.diagnostics);
        const agent = normalized.agent;
        if (!agent) continue;
        const clash = taken.get(`id:${agent.spec.id}`) ?? taken.get(`name:${agent.spec.name}`);
        if (clash) {
          diagnostics.push({
            code: 'L9E031',
            severity: 'error',
            message: `agent '${agent.spec.name}' clashes with '${clash.name}' (project id ${agent.spec.id})`,
            hint: `first defined at ${positionText(origins[clash.name]!)}`,
            ...unit.source.origin,
          });
          continue;
        }
        agents.push(agent.spec);
        taken.set(`id:${agent.spec.id}`, agent.spec);
        taken.set(`name:${agent.spec.name}`, agent.spec);
        origins[agent.spec.name] = unit.source.origin;
        edges.push(...agent.edges);
      } else {
        diagnostics.push({
          code: 'L9E020',
          severity: unit.origin === 'yaml-file' ? 'error' : 'warning',
          message: 'document is not an agent schema, extractor map or glue layer (it has no name)',
          hint: 'agent schemas need `name:` or `system: {name: …}`',
          ...unit.source.origin,
        });
      }
    }
  }

  const resolved = resolveDependencies(edges, agents);
  diagnostics.push(...resolved.diagnostics);
  return {
    ecosystem: {
      ...(title !== undefined ? { title } : {}),
      agents: [...agents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      edges: resolved.edges,
      origins,
      files: sortedFiles.map((f) => f.path),
    },
    diagnostics: sortDiagnostics(diagnostics),
  };
}
