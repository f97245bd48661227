import type { EndpointSpec, ModuleSpec } from '../../../schema';
import { moduleFactoryName, relativeImport, tsString } from './code-names';
import { endpointOperations } from './endpoint-operations';
import { endpointTypeNames, hasEndpointTypes } from './endpoint-types';
import { sampleFor } from './json-schema-sample';
import { GENERATED_MARKER, type AgentRenderContext } from './render-context';
import { ROLE_TEMPLATES } from './roles';

function moduleOf(ctx: AgentRenderContext, name: string): ModuleSpec {
  const module = ctx.spec.modules.find((m) => m.name === name);
  if (!module) throw new Error(`${ctx.spec.name} has no module ${name}`);
  return module;
}

function servedEndpoints(ctx: AgentRenderContext, module: ModuleSpec): string[] {
  return [...endpointOperations(ctx)]
    .filter(([, operation]) => operation === module.name)
    .map(([endpoint]) => endpoint);
}

/**
 * A domain module: user-owned, written once with a working default. The default keeps the latest input in
 * working memory, records an episode, and answers with what it received, so every endpoint works end to
 * end before the real logic is written.
 */
function domainModule(ctx: AgentRenderContext, module: ModuleSpec): string {
  const served = servedEndpoints(ctx, module);
  return `import { DomainInputError, type AgentRuntime, type DomainHandler } from '@l9/runtime';

/**
 * Domain logic of ${ctx.spec.name}${served.length ? `, serving ${served.join(', ')}` : ''}.
 *
 * This file is yours: l9 wrote this default once and never overwrites it. The default keeps the latest input in
 * working memory, records an episode and answers with a summary of what it received. Replace the body of
 * \`handle\` with the real logic; keep the factory's name and the handler's shape so the wiring still finds it.
 */
export function ${moduleFactoryName(module.name)}(runtime: AgentRuntime): DomainHandler {
  return {
    name: ${tsString(module.name)},
    async handle(input, context) {
      if (input === null || typeof input !== 'object' || Array.isArray(input)) {
        throw new DomainInputError(${tsString(`${module.name} expects a JSON object`)});
      }
      await runtime.memory.working.set(${tsString(`${module.name}:last`)}, input);
      const episode = await runtime.memory.episodic.append({
        agent: runtime.identity.id,
        kind: ${tsString(module.name)},
        ...(context.traceId ? { trace_id: context.traceId } : {}),
        ...(context.packetId ? { packet_id: context.packetId } : {}),
        data: input,
      });
      return { module: ${tsString(module.name)}, accepted: true, episode_id: episode.id, received: Object.keys(input).sort() };
    },
  };
}
`;
}

/** The one endpoint a module serves when that endpoint declares a schema: its module is then typed from it. */
function typedEndpoint(ctx: AgentRenderContext, module: ModuleSpec): EndpointSpec | undefined {
  if (!hasEndpointTypes(ctx)) return undefined;
  const served = servedEndpoints(ctx, module);
  const endpoint = served.length === 1 ? ctx.spec.endpoints.find((e) => e.name === served[0]) : undefined;
  return endpoint && (endpoint.request || endpoint.response) ? endpoint : undefined;
}

const literal = (value: unknown, indent: string) =>
  JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);

/**
 * A domain module serving one endpoint with a declared schema: \`handle\` takes and answers the endpoint's
 * generated types, and the default answer is a small value that meets the response schema, so the endpoint works
 * end to end before the real logic is written.
 */
function typedDomainModule(ctx: AgentRenderContext, module: ModuleSpec, endpoint: EndpointSpec): string {
  const names = endpointTypeNames(endpoint);
  const from = relativeImport(`src/modules/${module.name}.ts`, 'src/generated/endpoint-types.ts');
  const answer = endpoint.response
    ? literal(sampleFor(endpoint.response), '      ')
    : `{ module: ${tsString(module.name)}, accepted: true, episode_id: episode.id }`;
  return `import type { AgentRuntime, DomainHandler } from '@l9/runtime';
import type { ${names.request}, ${names.response} } from '${from}';

/**
 * Domain logic of ${ctx.spec.name}, serving ${endpoint.name} (${endpoint.method} ${endpoint.path}).
 *
 * This file is yours: l9 wrote this default once and never overwrites it. \`handle\` takes ${names.request} and
 * answers ${names.response} (src/generated/endpoint-types.ts, from the endpoint's schemas): the runtime checks each
 * call against the request schema before this runs, and the answer against the response schema before it goes
 * out. The default keeps the latest input in working memory, records an episode and answers ${endpoint.response ? 'a small value that meets the response schema' : 'with the episode id'}.
 * Replace the body of \`handle\` with the real logic; keep the factory's name so the wiring still finds it.
 */
export function ${moduleFactoryName(module.name)}(runtime: AgentRuntime): DomainHandler {
  return {
    name: ${tsString(module.name)},
    async handle(input: ${names.request}, context): Promise<${names.response}> {
      await runtime.memory.working.set(${tsString(`${module.name}:last`)}, input);
      ${endpoint.response ? 'await' : 'const episode = await'} runtime.memory.episodic.append({
        agent: runtime.identity.id,
        kind: ${tsString(module.name)},
        ...(context.traceId ? { trace_id: context.traceId } : {}),
        ...(context.packetId ? { packet_id: context.packetId } : {}),
        data: input,
      });
      return ${answer};
    },
  };
}
`;
}

/** Tests of a typed domain module: a call that meets the request schema answers within the response schema. */
function typedDomainSpec(ctx: AgentRenderContext, module: ModuleSpec, endpoint: EndpointSpec): string {
  const file = `src/modules/${module.name}.spec.ts`;
  const names = endpointTypeNames(endpoint);
  const request = endpoint.request ? sampleFor(endpoint.request) : { sample: 'value' };
  return `import { createTestRuntime, endpointValidator, type AgentRuntime } from '@l9/runtime';
import { blueprint } from '${relativeImport(file, 'src/generated/config.ts')}';
import { endpoints } from '${relativeImport(file, 'src/generated/contract.ts')}';
import type { ${names.request} } from '${relativeImport(file, 'src/generated/endpoint-types.ts')}';
import { ${moduleFactoryName(module.name)} } from '${relativeImport(file, `src/modules/${module.name}.ts`)}';

describe(${tsString(`${module.name} (domain module of ${ctx.spec.name}, serving ${endpoint.name})`)}, () => {
  const contract = endpoints.find((e) => e.name === ${tsString(endpoint.name)})!;
  const request: ${names.request} = ${literal(request, '  ')};
  let runtime: AgentRuntime;

  beforeEach(async () => {
    runtime = await createTestRuntime(blueprint);
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('takes a call that meets the request schema and answers within the response schema', async () => {
    expect(endpointValidator(contract).validateRequest(request)).toEqual({ ok: true });
    const handler = ${moduleFactoryName(module.name)}(runtime);
    const result = await handler.handle(request, { traceId: 'trace-1' });
    expect(endpointValidator(contract).validateResponse(result)).toEqual({ ok: true });
  });

  it('keeps the input in working memory and records an episode', async () => {
    await ${moduleFactoryName(module.name)}(runtime).handle(request, { traceId: 'trace-1' });
    expect(await runtime.memory.working.get(${tsString(`${module.name}:last`)})).toEqual(request);
    const episodes = await runtime.memory.episodic.query({ kind: ${tsString(module.name)} });
    expect(episodes.map((e) => e.trace_id)).toEqual(['trace-1']);
  });
});
`;
}

function domainSpec(ctx: AgentRenderContext, module: ModuleSpec): string {
  const file = `src/modules/${module.name}.spec.ts`;
  return `import { createTestRuntime, DomainInputError, type AgentRuntime } from '@l9/runtime';
import { blueprint } from '${relativeImport(file, 'src/generated/config.ts')}';
import { ${moduleFactoryName(module.name)} } from '${relativeImport(file, `src/modules/${module.name}.ts`)}';

describe(${tsString(`${module.name} (domain module of ${ctx.spec.name})`)}, () => {
  let runtime: AgentRuntime;

  beforeEach(async () => {
    runtime = await createTestRuntime(blueprint);
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('answers a JSON object, keeps it in working memory and records an episode', async () => {
    const handler = ${moduleFactoryName(module.name)}(runtime);
    const result = await handler.handle({ sample: 'value', count: 3 }, { traceId: 'trace-1' });
    expect(result).toMatchObject({ module: ${tsString(module.name)}, accepted: true, received: ['count', 'sample'] });
    expect(await runtime.memory.working.get(${tsString(`${module.name}:last`)})).toEqual({ sample: 'value', count: 3 });
    const episodes = await runtime.memory.episodic.query({ kind: ${tsString(module.name)} });
    expect(episodes.map((e) => e.trace_id)).toEqual(['trace-1']);
  });

  it('refuses input that is not a JSON object', async () => {
    const handler = ${moduleFactoryName(module.name)}(runtime);
    await expect(handler.handle([1, 2] as never, {})).rejects.toBeInstanceOf(DomainInputError);
    expect(await runtime.memory.episodic.query({ kind: ${tsString(module.name)} })).toEqual([]);
  });
});
`;
}

/** \`src/modules/<folder>/index.ts\` for a Python package marker: re-exports the modules of its folder. */
function indexModule(ctx: AgentRenderContext, module: ModuleSpec): string {
  const folder = module.name.includes('/') ? module.name.slice(0, module.name.lastIndexOf('/') + 1) : '';
  const siblings = ctx.spec.modules.filter(
    (m) => m !== module && m.name.startsWith(folder) && !m.name.slice(folder.length).includes('/'),
  );
  const from = `src/modules/${module.name}.ts`;
  const lines = siblings.map(
    (m) =>
      `export { ${moduleFactoryName(m.name)} } from '${relativeImport(from, `src/modules/${m.name}.ts`)}';`,
  );
  return `// ${GENERATED_MARKER}\n${lines.length ? lines.join('\n') : 'export {};'}\n`;
}

function indexSpec(ctx: AgentRenderContext, module: ModuleSpec): string {
  const folder = module.name.includes('/') ? module.name.slice(0, module.name.lastIndexOf('/') + 1) : '';
  const siblings = ctx.spec.modules.filter(
    (m) => m !== module && m.name.startsWith(folder) && !m.name.slice(folder.length).includes('/'),
  );
  const file = `src/modules/${module.name}.spec.ts`;
  return `// ${GENERATED_MARKER}
import * as barrel from '${relativeImport(file, `src/modules/${module.name}.ts`)}';

describe(${tsString(`${module.name} (module index of ${ctx.spec.name})`)}, () => {
  it('exports the factory of every module in its folder, and nothing else', () => {
    expect(Object.keys(barrel).sort()).toEqual(${JSON.stringify(siblings.map((m) => moduleFactoryName(m.name)).sort())});
    for (const factory of Object.values(barrel)) expect(typeof factory).toBe('function');
  });
});
`;
}

export function renderModule(ctx: AgentRenderContext, name: string): string {
  const module = moduleOf(ctx, name);
  const role = ctx.roleOf(module.source);
  if (role === null) {
    const typed = typedEndpoint(ctx, module);
    return typed ? typedDomainModule(ctx, module, typed) : domainModule(ctx, module);
  }
  if (role === 'package-index') return indexModule(ctx, module);
  const template = ROLE_TEMPLATES[role];
  if (!template) throw new Error(`no template for the ${role} role of ${module.source}`);
  return template.module(ctx, module);
}

export function renderModuleSpec(ctx: AgentRenderContext, name: string): string {
  const module = moduleOf(ctx, name);
  const role = ctx.roleOf(module.source);
  if (role === null) {
    const typed = typedEndpoint(ctx, module);
    return typed ? typedDomainSpec(ctx, module, typed) : domainSpec(ctx, module);
  }
  if (role === 'package-index') return indexSpec(ctx, module);
  const template = ROLE_TEMPLATES[role];
  if (!template) throw new Error(`no template for the ${role} role of ${module.source}`);
  return template.spec(ctx, module);
}
