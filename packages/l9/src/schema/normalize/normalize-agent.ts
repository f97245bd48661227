import type { Diagnostic } from '../../diagnostics';
import type { AgentSpec, DocSpec, MemoryLayerSpec, ModuleSpec } from '../model/agent-spec';
import type { DependencyEdge } from '../model/ecosystem';
import { rawAgentSchema, type RawAgent } from '../model/raw-agent';
import type { AgentSource } from './agent-source';
import { checkEndpointContracts, type RoleOf } from './check-endpoint-contracts';
import { checkEscalationPolicy } from './check-escalation-policy';
import { checkUnknownKeys } from './check-unknown-keys';
import { isSafeAgentName, moduleNameFor, toKebabCase } from './naming';
import {
  declaredHealthPath,
  endpointPath,
  normalizeEndpoints,
  reservedRoutesFor,
  routePrefixFor,
} from './normalize-endpoints';
import { zodIssuesToDiagnostics } from './zod-diagnostics';

/** Top-level keys the normalized form interprets; every other key goes to `extensions` verbatim. */
const INTERPRETED = new Set([
  'title',
  'version',
  'system',
  'module',
  'name',
  'role',
  'rootpath',
  'description',
  'depends_on',
  'governance',
  'memorytopology',
  'communicationstack',
  'cursorinstructions',
  'deployment',
]);
const INTERPRETED_INSTRUCTIONS = new Set(['generatefiles', 'generatedocs', 'linkexisting']);

export interface NormalizedAgent {
  spec: AgentSpec;
  /** `depends_on` as edges, each at the position of its list item. */
  edges: DependencyEdge[];
}

function nameOf(raw: RawAgent): string | undefined {
  if (raw.system && typeof raw.system === 'object') return raw.system.name;
  return raw.name;
}

function withoutKeys(record: Record<string, unknown>, keys: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.has(key)));
}

function normalizeModules(
  entries: readonly string[],
  source: AgentSource,
  diagnostics: Diagnostic[],
): ModuleSpec[] {
  const byName = new Map<string, string>();
  const modules: ModuleSpec[] = [];
  entries.forEach((entry, index) => {
    // Positions are looked up only for a diagnostic: finding one walks the YAML nodes.
    const at = () => source.locate(['cursorinstructions', 'generatefiles', index], 'value');
    const name = moduleNameFor(entry);
    if (name === null) {
      diagnostics.push({
        code: 'L9E030',
        severity: 'error',
        message: `generated file '${entry}' would leave the agent project`,
        hint: 'use a relative path inside the agent, e.g. core/scorer.py',
        ...at(),
      });
      return;
    }
    const earlier = byName.get(name);
    if (earlier !== undefined) {
      diagnostics.push({
        code: 'L9E032',
        severity: 'error',
        message: `'${entry}' and '${earlier}' both become module ${name}`,
        ...at(),
      });
      return;
    }
    byName.set(name, entry);
    modules.push({ source: entry, name });
  });
  return modules;
}

function normalizeDocs(
  entries: readonly string[],
  source: AgentSource,
  diagnostics: Diagnostic[],
): DocSpec[] {
  const seen = new Map<string, string>();
  const docs: DocSpec[] = [];
  entries.forEach((entry, index) => {
    const file = entry.split('/').pop() ?? '';
    const at = () => source.locate(['cursorinstructions', 'generatedocs', index], 'value');
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*\.md$/.test(file)) {
      diagnostics.push({
        code: 'L9E021',
        severity: 'error',
        message: `generated doc '${entry}' is not a Markdown file name`,
        hint: 'docs are Markdown, e.g. API_SPEC.md',
        ...at(),
      });
      return;
    }
    const earlier = seen.get(file);
    if (earlier !== undefined) {
      diagnostics.push({
        code: 'L9E032',
        severity: 'error',
        message: `'${entry}' and '${earlier}' both become docs/${file}`,
        ...at(),
      });
      return;
    }
    seen.set(file, entry);
    docs.push({ source: entry, file });
  });
  return docs;
}

function normalizeMemory(topology: RawAgent['memorytopology']): MemoryLayerSpec[] {
  return Object.entries(topology ?? {}).map(([layer, raw]) => {
    const { storagetype, purpose, keyspace, retention, indexby, ...extra } = raw;
    return {
      layer,
      ...(storagetype !== undefined ? { storagetype } : {}),
      ...(purpose !== undefined ? { purpose: purpose.trim() } : {}),
      ...(keyspace !== undefined ? { keyspace } : {}),
      ...(retention !== undefined ? { retention } : {}),
      ...(indexby !== undefined ? { indexby } : {}),
      extra,
    };
  });
}

function dependencyEdges(
  raw: RawAgent,
  name: string,
  source: AgentSource,
): { hard: string[]; soft: string[]; edges: DependencyEdge[] } {
  const dependsOn = raw.depends_on;
  const hard = Array.isArray(dependsOn) ? dependsOn : (dependsOn?.hard ?? []);
  const soft = Array.isArray(dependsOn) ? [] : (dependsOn?.soft ?? []);
  const listPath = (kind: 'hard' | 'soft', i: number) =>
    Array.isArray(dependsOn) ? ['depends_on', i] : ['depends_on', kind, i];
  const edges: DependencyEdge[] = [
    ...hard.map((dep, i) => ({
      from: dep,
      to: name,
      kind: 'hard' as const,
      origin: source.locate(listPath('hard', i), 'value'),
    })),
    ...soft.map((dep, i) => ({
      from: dep,
      to: name,
      kind: 'soft' as const,
      origin: source.locate(listPath('soft', i), 'value'),
    })),
  ];
  return { hard, soft, edges };
}

/**
 * Turns one agent's merged raw content into the normalized `AgentSpec`, reporting every problem at the
 * place it was written. Returns no spec when an error makes the agent unusable.
 */
/** What an agent gets when its schema leaves governance out (from `meta.codegen.yaml`). */
export interface AgentDefaults {
  governance: { anchors: string[]; mode: 'autonomous' | 'supervised' | 'hybrid'; humanoverride: boolean };
}

export const NO_DEFAULTS: AgentDefaults = {
  governance: { anchors: [], mode: 'autonomous', humanoverride: false },
};

/** Every module is a domain module: for callers that do not know the meta templates' module roles. */
const ALL_DOMAIN: RoleOf = () => null;

export function normalizeAgent(
  source: AgentSource,
  defaults: AgentDefaults = NO_DEFAULTS,
  roleOf: RoleOf = ALL_DOMAIN,
): { agent: NormalizedAgent | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = checkUnknownKeys(source);
  const parsed = rawAgentSchema.safeParse(source.value);
  if (!parsed.success) {
    return {
      agent: null,
      diagnostics: [...diagnostics, ...zodIssuesToDiagnostics(parsed.error.issues, source)],
    };
  }
  const raw = parsed.data;
  const name = nameOf(raw);
  if (name === undefined) {
    diagnostics.push({
      code: 'L9E020',
      severity: 'error',
      message: 'schema has no agent name',
      hint: 'add `name:` (flat dialect) or `system: {name: …}` (nested dialect)',
      ...source.origin,
    });
    return { agent: null, diagnostics };
  }
  const namePath = raw.system && typeof raw.system === 'object' ? ['system', 'name'] : ['name'];
  const id = toKebabCase(name);
  if (!isSafeAgentName(name) || !/^[a-z][a-z0-9-]*$/.test(id)) {
    diagnostics.push({
      code: 'L9E030',
      severity: 'error',
      message: `agent name '${name}' cannot become a project folder and TypeScript identifier`,
      hint: 'start with a letter; use letters, digits, spaces, - and _ only (at most 64)',
      ...source.locate(namePath, 'value'),
    });
    return { agent: null, diagnostics };
  }

  const nested = raw.system && typeof raw.system === 'object' ? raw.system : undefined;
  const rootpath = nested ? nested.rootpath : raw.rootpath;
  const instructions = raw.cursorinstructions ?? {};
  const rawEndpoints = raw.deployment?.endpoints ?? [];
  const prefix = routePrefixFor(rawEndpoints.map(endpointPath), id);
  const endpointResult = normalizeEndpoints(
    rawEndpoints,
    reservedRoutesFor(prefix, declaredHealthPath(raw.deployment?.healthcheck)),
    source,
  );
  diagnostics.push(...endpointResult.diagnostics);
  const { hard, soft, edges } = dependencyEdges(raw, name, source);
  const governance = raw.governance ?? {};
  const escalationpolicy = governance.escalationpolicy?.trim();
  diagnostics.push(...checkEscalationPolicy(escalationpolicy, source));
  const { endpoints: _endpoints, ...deployment } = raw.deployment ?? {};
  const modules = normalizeModules(instructions.generatefiles ?? [], source, diagnostics);
  const contracts = checkEndpointContracts(
    endpointResult.endpoints,
    endpointResult.origins,
    modules,
    roleOf,
    source,
  );
  diagnostics.push(...contracts.diagnostics);
  const instructionExtras = withoutKeys(instructions, INTERPRETED_INSTRUCTIONS);
  const extensions = withoutKeys(source.value, INTERPRETED);
  if (Object.keys(instructionExtras).length > 0) extensions['cursorinstructions'] = instructionExtras;

  const spec: AgentSpec = {
    id,
    name,
    system: (nested ? nested.system : (raw.system as string | undefined)) ?? name,
    module: (nested ? nested.module : raw.module) ?? id,
    role: ((nested ? nested.role : raw.role) ?? '').trim(),
    ...(rootpath !== undefined ? { rootpath } : {}),
    version: raw.version !== undefined ? String(raw.version) : '0.0.0',
    ...(raw.title !== undefined ? { title: raw.title } : {}),
    ...(raw.description !== undefined ? { description: raw.description.trim() } : {}),
    depends_on: { hard, soft },
    governance: {
      anchors:
        governance.anchors && governance.anchors.length > 0
          ? governance.anchors
          : defaults.governance.anchors,
      mode: governance.mode ?? defaults.governance.mode,
      humanoverride: governance.humanoverride ?? defaults.governance.humanoverride,
      ...(escalationpolicy !== undefined ? { escalationpolicy } : {}),
      auditscope: governance.auditscope ?? [],
      ...(governance.complianceauditor !== undefined
        ? { complianceauditor: governance.complianceauditor }
        : {}),
    },
    memory: normalizeMemory(raw.memorytopology),
    communication: {
      input: raw.communicationstack?.input ?? [],
      output: raw.communicationstack?.output ?? [],
      channels: raw.communicationstack?.channels ?? {},
    },
    route_prefix: prefix,
    endpoints: contracts.endpoints,
    modules,
    docs: normalizeDocs(instructions.generatedocs ?? [], source, diagnostics),
    linkexisting: instructions.linkexisting ?? [],
    deployment,
    extensions,
  };
  return { agent: { spec, edges }, diagnostics };
}
