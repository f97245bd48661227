import { featureFlagDefaults } from '../../../meta/feature-flags';
import { toPascalCase } from '../../../schema/normalize/naming';
import { declaredHealthPath } from '../../../schema/normalize/normalize-endpoints';
import { moduleFactoryName, moduleKey, relativeImport, tsString } from './code-names';
import { endpointOperations } from './endpoint-operations';
import { sampleFor } from './json-schema-sample';
import { calmSignalsExpression, policyHasRules } from './roles/escalation-drill';
import { GENERATED_MARKER, type AgentRenderContext } from './render-context';

const header = `// ${GENERATED_MARKER}\n`;
const literal = (value: unknown, indent = 0) =>
  JSON.stringify(value, null, 2).replace(/\n/g, `\n${' '.repeat(indent)}`);

function layer(ctx: AgentRenderContext, name: string) {
  return ctx.spec.memory.find((m) => m.layer === name);
}

/** TTL written in a layer's purpose, e.g. "Cache recent state. TTL=1hr" → `1hr`. */
function ttlFrom(purpose: string | undefined): string | undefined {
  return /TTL\s*=\s*([0-9]+\s*[A-Za-z]+)/i.exec(purpose ?? '')?.[1]?.replace(/\s+/g, '');
}

/** The schema's `deployment.healthcheck` path, when it is not the health route every agent has anyway. */
function healthPathOf(ctx: AgentRenderContext): { healthPath?: string } {
  const path = declaredHealthPath(ctx.spec.deployment['healthcheck']);
  return path && path !== `/${ctx.spec.route_prefix}/health` ? { healthPath: path } : {};
}

/** `src/generated/contract.ts`: identity and the endpoint table exactly as the schema declares it. */
export function renderContract(ctx: AgentRenderContext): string {
  const { spec } = ctx;
  const operations = endpointOperations(ctx);
  const endpoints = spec.endpoints.map((e) => ({
    name: e.name,
    path: e.path,
    method: e.method,
    timeout_ms: e.timeout_ms,
    ...(e.auth ? { auth: e.auth } : {}),
    operation: operations.get(e.name) ?? null,
    ...(e.description ? { description: e.description } : {}),
    ...(e.request ? { request: e.request } : {}),
    ...(e.response ? { response: e.response } : {}),
  }));
  return `${header}import type { AgentIdentity, EndpointContract } from '@l9/runtime';

/** ${spec.name}: ${spec.system}. */
export const identity: AgentIdentity = ${literal({ id: spec.id, name: spec.name, version: spec.version, routePrefix: spec.route_prefix, ...healthPathOf(ctx) })};

/**
 * Endpoints at exactly the declared path and method. \`operation\` names the domain module that serves the
 * call (the schema's \`handler:\`, else the domain module named like the endpoint); null means the runtime
 * records and acknowledges it. \`request\` and \`response\` are the JSON Schemas the runtime checks calls and
 * answers against (see endpoint-types.ts for them as TypeScript types).
 */
export const endpoints: readonly EndpointContract[] = ${literal(endpoints)};
`;
}

/** The schema's memory settings, each one it leaves out taken from the meta template's `memory` defaults. */
function memoryDefaults(
  ctx: AgentRenderContext,
  keyspace: string | undefined,
  ttl: string | undefined,
  retention: string | undefined,
): { keyspace: string; ttl: string; retention: string } {
  const defaults = ctx.meta.codegen.memory;
  return {
    keyspace: keyspace || defaults.working.keyspace.replaceAll('<id>', ctx.spec.id),
    ttl: ttl || `${defaults.working.ttl_seconds}s`,
    retention: retention || `${defaults.episodic.retention_days} days`,
  };
}

/** \`src/generated/config.ts\`: governance, memory, audit scope, feature flags and peers of the agent. */
export function renderConfig(ctx: AgentRenderContext): string {
  const { spec, planned } = ctx;
  const working = layer(ctx, 'workingmemory');
  const episodic = layer(ctx, 'episodicmemory');
  const ttl = ttlFrom(working?.purpose);
  const blueprintBody = {
    port: planned.port,
    governance: {
      anchors: spec.governance.anchors,
      mode: spec.governance.mode,
      humanoverride: spec.governance.humanoverride,
      ...(spec.governance.escalationpolicy ? { escalationpolicy: spec.governance.escalationpolicy } : {}),
    },
    memory: memoryDefaults(ctx, working?.keyspace, ttl, episodic?.retention),
    auditScope: spec.governance.auditscope,
    featureFlags: featureFlagDefaults(ctx.meta.codegen),
    peers: ctx.dependencies.map((p) => ({
      id: p.id,
      name: p.name,
      routePrefix: p.route_prefix,
      port: p.port,
      kind: spec.depends_on.hard.includes(p.name) ? 'hard' : 'soft',
    })),
  };
  const body = literal(blueprintBody).replace(/^\{\n/, '').replace(/\n\}$/, '');
  return `${header}import type { AgentBlueprint } from '@l9/runtime';
import { identity } from './contract';

/** What ${spec.name} inherits from its schema and the meta templates; the environment overrides it at start. */
export const blueprint: AgentBlueprint = {
  identity,
${body},
};
`;
}

/** \`src/generated/wiring.ts\`: every module built over one runtime, domain modules registered as operations. */
export function renderWiring(ctx: AgentRenderContext): string {
  const from = 'src/generated/wiring.ts';
  const modules = ctx.spec.modules.filter((m) => m.name !== 'index' && !m.name.endsWith('/index'));
  const imports = modules.map(
    (m) =>
      `import { ${moduleFactoryName(m.name)} } from '${relativeImport(from, `src/modules/${m.name}.ts`)}';`,
  );
  const table = modules.map((m) => `    ${moduleKey(m.name)}: ${moduleFactoryName(m.name)}(runtime),`);
  const domain = modules
    .filter((m) => ctx.roleOf(m.source) === null)
    .map((m) => `  runtime.operations.register(modules.${moduleKey(m.name)});`);
  return `${header}import { createAgentRuntime, serveAgent, type AgentRuntime, type RunningAgent } from '@l9/runtime';
import { blueprint } from './config';
import { endpoints } from './contract';
${imports.join('\n')}

/** Every module of ${ctx.spec.name}, built over one runtime; domain modules serve the endpoints as operations. */
export function createModules(runtime: AgentRuntime) {
  const modules = {
${table.join('\n')}
  };
${domain.join('\n')}
  return modules;
}

export type ${toPascalCase(ctx.spec.id)}Modules = ReturnType<typeof createModules>;

/** Builds ${ctx.spec.name}: backends from the environment (in-process when none is set), modules, HTTP server. */
export async function createAgent(env: NodeJS.ProcessEnv = process.env): Promise<RunningAgent<${toPascalCase(ctx.spec.id)}Modules>> {
  const runtime = await createAgentRuntime(blueprint, env);
  const modules = createModules(runtime);
  return serveAgent(runtime, { endpoints, modules });
}
`;
}

/** \`src/main.ts\`: the process the \`serve\` target and the deployment scripts start. */
export function renderMain(ctx: AgentRenderContext): string {
  return `${header}import { runAgentProcess } from '@l9/runtime';
import { createAgent } from './generated/wiring';

runAgentProcess(${tsString(ctx.spec.name)}, createAgent);
`;
}

/** \`src/generated/contract.spec.ts\`: every endpoint and built-in route, with valid and invalid calls. */
export function renderContractSpec(ctx: AgentRenderContext): string {
  const { spec } = ctx;
  const prefix = `/${spec.route_prefix}`;
  const supervised = spec.governance.mode === 'supervised';
  const rules = policyHasRules(ctx);
  // Endpoint calls pass governance like packets (GET reads excepted): every signal the rules compare is sent, calm.
  const calm = rules ? `, ...${calmSignalsExpression('agent.runtime')}` : '';
  const cases = spec.endpoints.map((e) => {
    const bodyless = e.method === 'GET' || e.method === 'DELETE';
    // A query string carries text only, so a governed DELETE cannot show its rules numbers and is held.
    const held = e.method !== 'GET' && (supervised || (rules && bodyless));
    const auth = e.auth ? `, headers: { authorization: 'Bearer test-${e.auth}' }` : '';
    // A call that meets the endpoint's request schema, when it declares one (see json-schema-sample.ts).
    const sample = e.request ? (sampleFor(e.request) as Record<string, unknown>) : undefined;
    const fields = sample ? JSON.stringify(sample).slice(1, -1) : "sample: 'value', count: 3";
    const body = `{ ${[fields, calm.replace(/^, /, '')].filter(Boolean).join(', ')} }`;
    const url =
      bodyless && sample && Object.keys(sample).length
        ? `${e.path}?${new URLSearchParams(Object.entries(sample).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString()}`
        : e.path;
    const lines = [
      `  it(${tsString(`${e.method} ${e.path} (${e.name}) ${held ? 'holds a valid call for an anchor (202)' : 'answers a valid call'}`)}, async () => {`,
      `    const response = await agent.server.app.inject({ method: ${tsString(e.method)}, url: ${tsString(url)}${bodyless ? '' : `, payload: ${body}`}${auth} });`,
      `    expect(response.statusCode).toBe(${held ? 202 : 200});`,
      held
        ? "    expect(response.json()).toMatchObject({ status: 'escalated', escalation_id: expect.any(String) });"
        : "    expect(typeof response.json()).toBe('object');",
      '  });',
    ];
    if (!bodyless) {
      lines.push(
        `  it(${tsString(`${e.method} ${e.path} rejects a payload that is not a JSON object`)}, async () => {`,
        `    const response = await agent.server.app.inject({ method: ${tsString(e.method)}, url: ${tsString(e.path)}, payload: '[1, 2, 3]', headers: { 'content-type': 'application/json'${e.auth ? `, authorization: 'Bearer test-${e.auth}'` : ''} } });`,
        '    expect(response.statusCode).toBe(400);',
        "    expect(response.json()).toHaveProperty('error');",
        '  });',
      );
    }
    const required =
      e.request && Array.isArray(e.request['required']) ? e.request['required'].map(String) : [];
    if (!bodyless && required.length) {
      lines.push(
        '',
        `  it(${tsString(`${e.method} ${e.path} refuses a payload off its request schema, naming the field`)}, async () => {`,
        `    const response = await agent.server.app.inject({ method: ${tsString(e.method)}, url: ${tsString(e.path)}, payload: {}${auth} });`,
        '    expect(response.statusCode).toBe(400);',
        `    expect(response.json().message).toContain(${tsString(`/${required[0]!.replace(/~/g, '~0').replace(/\//g, '~1')}: is required`)});`,
        '  });',
      );
    }
    if (e.auth) {
      lines.push(
        `  it(${tsString(`${e.method} ${e.path} refuses a call without its ${e.auth}`)}, async () => {`,
        `    const response = await agent.server.app.inject({ method: ${tsString(e.method)}, url: ${tsString(e.path)}${bodyless ? '' : ', payload: {}'} });`,
        '    expect(response.statusCode).toBe(401);',
        '  });',
      );
    }
    return lines.join('\n');
  });
  const tokens = [...new Set(spec.endpoints.flatMap((e) => (e.auth ? [e.auth] : [])))];
  const env = Object.fromEntries(
    tokens.map((t) => [`L9_TOKEN_${t.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`, `test-${t}`]),
  );
  return `${header}import { ${rules ? 'compliantSignals, ' : ''}createEnvelope } from '@l9/runtime';
import { createAgent } from './wiring';

describe(${tsString(`${spec.name} HTTP contract`)}, () => {
  let agent: Awaited<ReturnType<typeof createAgent>>;

  beforeAll(async () => {
    agent = await createAgent(${literal(env, 4)});
  });

  afterAll(async () => {
    await agent.close();
  });

${cases.join('\n\n')}

  it('serves status with its identity and backends', async () => {
    const response = await agent.server.app.inject({ method: 'GET', url: ${tsString(`${prefix}/status`)} });
    expect(response.statusCode).toBe(200);
    expect(response.json().agent).toMatchObject({ id: ${tsString(spec.id)}, name: ${tsString(spec.name)} });
  });

  it('reports healthy in-process backends', async () => {
    const response = await agent.server.app.inject({ method: 'GET', url: ${tsString(`${prefix}/health`)} });
    expect(response.statusCode).toBe(200);
  });

  it(${tsString(supervised ? 'holds every PacketEnvelope for an anchor (supervised mode) and answers with a child envelope' : 'accepts a PacketEnvelope addressed to it and answers with a child envelope')}, async () => {
    const envelope = createEnvelope({ packet_type: 'contract.check', source_agent: 'contract-test', destination_agent: ${tsString(spec.id)}, payload: { check: true${calm} } });
    const response = await agent.server.app.inject({ method: 'POST', url: ${tsString(`${prefix}/packets`)}, payload: envelope });
    expect(response.statusCode).toBe(${supervised ? 202 : 200});
    expect(response.json().lineage.parent_ids).toContain(envelope.packet_id);
  });

  it('rejects an envelope for another agent and a malformed one', async () => {
    const elsewhere = createEnvelope({ packet_type: 'contract.check', source_agent: 'contract-test', destination_agent: 'somebody-else', payload: {} });
    expect((await agent.server.app.inject({ method: 'POST', url: ${tsString(`${prefix}/packets`)}, payload: elsewhere })).statusCode).toBe(404);
    expect((await agent.server.app.inject({ method: 'POST', url: ${tsString(`${prefix}/packets`)}, payload: { packet_id: 'x' } })).statusCode).toBe(400);
  });

  it('exposes Prometheus metrics', async () => {
    const response = await agent.server.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('# TYPE');
  });
});
`;
}
