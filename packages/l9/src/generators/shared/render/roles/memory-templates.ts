import type { AgentRenderContext } from '../render-context';
import { moduleFactoryName } from '../code-names';
import { literal, renderRoleModule, renderRoleSpec, tsString, type RoleTemplate } from './role-template';

function layer(ctx: AgentRenderContext, name: string) {
  return ctx.spec.memory.find((m) => m.layer === name);
}

/** `{ workingmemory: 'redis', … }` as the schema declares it. */
function declaredStorage(ctx: AgentRenderContext): Record<string, string> {
  return Object.fromEntries(
    ctx.spec.memory.flatMap((m) => (m.storagetype ? [[m.layer, m.storagetype]] : [])),
  );
}

function topology(ctx: AgentRenderContext): string[] {
  return ctx.spec.memory.map(
    (m) =>
      `${m.layer}: ${m.storagetype ?? 'default storage'}${m.keyspace ? `, keyspace ${m.keyspace}` : ''}${m.retention ? `, retention ${m.retention}` : ''}${m.purpose ? ` (${m.purpose})` : ''}.`,
  );
}

const RUNNING_ORDER = ['workingmemory', 'episodicmemory', 'semanticmemory', 'causalmemory'];

export const memoryBridgeTemplate: RoleTemplate = {
  module: (ctx, module) => {
    const declared = declaredStorage(ctx);
    return renderRoleModule(ctx, module, {
      className: 'MemoryBridgeRole',
      roleName: 'memory bridge',
      about: [
        "One door to the agent's four memory layers: remember/recall (working), record/history (episodic), relate/related (semantic), observe/explain (causal). Backends follow L9_REDIS_URL, L9_POSTGRES_URL and L9_NEO4J_URL; with none set every layer runs in-process.",
        ...topology(ctx),
      ],
      options: Object.keys(declared).length ? `{ declared: ${literal(declared)} }` : undefined,
    });
  },
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    const declared = declaredStorage(ctx);
    const layers = RUNNING_ORDER.map((name) => ({
      layer: name,
      declared: declared[name] ?? null,
      running: 'memory',
      status: 'up',
    }));
    return renderRoleSpec(ctx, module, {
      roleName: 'memory bridge',
      tests: [
        `  it('remembers, records, relates and observes through the four layers', async () => {
    const memory = ${factory}(runtime);
    await memory.remember('generated-test', { step: 1 });
    expect(await memory.recall('generated-test')).toEqual({ step: 1 });
    expect(await memory.forget('generated-test')).toBe(true);
    await memory.record('generated-test', { step: 2 }, { traceId: 'trace-generated' });
    expect((await memory.history('generated-test')).map((e) => e.data)).toEqual([{ step: 2 }]);
    await memory.relate('entity:a', 'RELATES_TO', 'entity:b', { weight: 1 });
    expect((await memory.related('entity:a')).map((n) => n.node.id)).toEqual(['entity:b']);
    await memory.observe(['cause:a'], ['effect:b'], 0.9, 'generated-test');
    expect((await memory.explain('effect:b')).rootCauses).toEqual(['cause:a']);
  });`,
        `  it('reports the storage the schema declares next to the in-process backends of the test', async () => {
    expect(await ${factory}(runtime).layers()).toEqual(${literal(layers)});
  });`,
        `  it('recalls nothing it was not told and refuses a causal weight above 1', async () => {
    const memory = ${factory}(runtime);
    expect(await memory.recall('never-stored')).toBeNull();
    expect(await memory.forget('never-stored')).toBe(false);
    await expect(memory.observe(['cause:a'], ['effect:b'], 2)).rejects.toThrow(/weight/);
  });`,
      ],
    });
  },
};

export const worldModelBridgeTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'WorldModelBridgeRole',
      roleName: 'world model bridge',
      about: [
        "The agent's world model as a weighted causal hypergraph: observations add cause-effect links, explanations walk back to root causes, predictions walk forward to likely effects.",
        `Causal memory: ${layer(ctx, 'causalmemory')?.purpose ?? 'as configured'}${layer(ctx, 'causalmemory')?.storagetype ? ` (${layer(ctx, 'causalmemory')!.storagetype})` : ''}.`,
        ...(ctx.spec.linkexisting.length ? [`Links to: ${ctx.spec.linkexisting.join(', ')}.`] : []),
      ],
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    return renderRoleSpec(ctx, module, {
      roleName: 'world model bridge',
      tests: [
        `  it('explains an effect through its strongest causal path and predicts the effects of a cause', async () => {
    const world = ${factory}(runtime);
    await world.observe({ causes: ['signal:a'], effects: ['state:b'], weight: 0.9 });
    await world.observe({ causes: ['state:b'], effects: ['outcome:c'], weight: 0.5, evidence: { source: 'generated-test' } });
    await world.observe({ causes: ['signal:d'], effects: ['outcome:c'], weight: 0.2 });
    expect((await world.explain('outcome:c')).rootCauses).toEqual(['signal:a', 'signal:d']);
    const path = await world.strongestPath('outcome:c');
    expect(path?.nodes).toEqual(['signal:a', 'state:b', 'outcome:c']);
    expect((await world.predict('state:b')).map((h) => h.effects)).toEqual([['outcome:c']]);
  });`,
        `  it('has no causal path for an effect nobody observed, and refuses an observation without causes', async () => {
    const world = ${factory}(runtime);
    expect(await world.strongestPath('outcome:unknown')).toBeNull();
    await expect(world.observe({ causes: [], effects: ['outcome:c'], weight: 0.5 })).rejects.toThrow();
  });`,
      ],
    });
  },
};

export const episodicLoggerTemplate: RoleTemplate = {
  module: (ctx, module) => {
    const episodic = layer(ctx, 'episodicmemory');
    const indexBy = episodic?.indexby ?? [];
    return renderRoleModule(ctx, module, {
      className: 'EpisodicLoggerRole',
      roleName: 'episodic logger',
      about: [
        "The agent's history as it tells it: episodes of named kinds under the agent's scope, looked up by the schema's index fields; only the agent's own episodes are returned.",
        `Episodic memory: ${episodic?.purpose ?? 'as configured'}${episodic?.retention ? `, kept ${episodic.retention}` : ''}; indexed by ${indexBy.join(', ') || 'no declared field'}.`,
      ],
      options: indexBy.length ? `{ indexBy: ${literal(indexBy)} }` : undefined,
    });
  },
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    const indexBy = layer(ctx, 'episodicmemory')?.indexby ?? [];
    const data = Object.fromEntries(indexBy.map((field) => [field, `sample-${field}`]));
    const tests = [
      `  it('logs episodes of a kind and finds them again by kind and trace', async () => {
    const logger = ${factory}(runtime);
    await logger.log('generated-test', ${literal({ ...data, step: 1 })}, { traceId: 'trace-generated' });
    await logger.log('other-kind', { step: 2 });
    expect((await logger.find({ kind: 'generated-test' })).map((e) => e.data['step'])).toEqual([1]);
    expect(await logger.find({ traceId: 'trace-generated' })).toHaveLength(1);
    expect(await logger.find()).toHaveLength(2);
  });`,
      `  it('refuses to filter on a field the schema does not index', async () => {
    const logger = ${factory}(runtime);
    expect(logger.indexes).toEqual(${literal(indexBy)});
    await expect(logger.find({ where: { field_not_indexed: 'x' } })).rejects.toThrow(/cannot filter episodes/);
  });`,
    ];
    if (indexBy.length) {
      tests.push(`  it(${tsString(`finds episodes by the indexed field ${indexBy[0]}`)}, async () => {
    const logger = ${factory}(runtime);
    await logger.log('generated-test', ${literal(data)});
    await logger.log('generated-test', ${literal({ ...data, [indexBy[0]!]: 'another-value' })});
    expect(await logger.find({ where: ${literal({ [indexBy[0]!]: data[indexBy[0]!] })} })).toHaveLength(1);
  });`);
    }
    return renderRoleSpec(ctx, module, { roleName: 'episodic logger', tests });
  },
};

export const semanticUpdaterTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'SemanticUpdaterRole',
      roleName: 'semantic updater',
      about: [
        'Merges what the agent learns into its semantic graph from one JSON object of entities and relations; an invalid update is refused whole, naming the wrong field.',
        `Semantic memory: ${layer(ctx, 'semanticmemory')?.purpose ?? 'as configured'}${layer(ctx, 'semanticmemory')?.storagetype ? ` (${layer(ctx, 'semanticmemory')!.storagetype})` : ''}.`,
      ],
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    return renderRoleSpec(ctx, module, {
      roleName: 'semantic updater',
      tests: [
        `  it('upserts entities and the relations between them', async () => {
    const updater = ${factory}(runtime);
    const result = await updater.upsert({
      entities: [{ id: 'entity:a', labels: ['Sample'], props: { name: 'a' } }, { id: 'entity:b' }],
      relations: [{ from: 'entity:a', relation: 'RELATES_TO', to: 'entity:b' }],
    });
    expect(result).toEqual({ entities: 2, relations: 1 });
    expect(await updater.entity('entity:a')).toEqual({ id: 'entity:a', labels: ['Sample'], props: { name: 'a' } });
  });`,
        `  it('refuses an invalid update whole', async () => {
    const updater = ${factory}(runtime);
    await expect(updater.upsert({ entities: [{ id: 'entity:c' }], relations: [{ from: 'entity:c', relation: 'not a word', to: 'entity:d' }] })).rejects.toThrow(/relations/);
    expect(await updater.entity('entity:c')).toBeNull();
  });`,
      ],
    });
  },
};

export const causalTracerTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'CausalTracerRole',
      roleName: 'causal tracer',
      about: [
        "Keeps packet lineage in the causal hypergraph: each packet with parents becomes a hyperedge from its parents to itself, so a packet's causes are found by walking back, across agents that share the causal store.",
        `Causal memory: ${layer(ctx, 'causalmemory')?.purpose ?? 'as configured'}.`,
      ],
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    return renderRoleSpec(ctx, module, {
      roleName: 'causal tracer',
      runtimeImports: ['createEnvelope', 'deriveChildEnvelope'],
      tests: [
        `  it('traces a chain of packets back to its root', async () => {
    const tracer = ${factory}(runtime);
    const root = createEnvelope({ packet_type: 'trace.root', source_agent: 'generated-test', destination_agent: runtime.identity.id, payload: { step: 0 } });
    const child = deriveChildEnvelope(root, { payload: { step: 1 } });
    const grandchild = deriveChildEnvelope(child, { payload: { step: 2 } });
    await tracer.trace(child);
    await tracer.trace(grandchild);
    const causes = await tracer.causesOf(grandchild.packet_id);
    expect(causes.ancestors).toEqual([child.packet_id, root.packet_id]);
    expect(causes.roots).toEqual([root.packet_id]);
  });`,
        `  it('records nothing for a root packet and knows no causes of an untraced one', async () => {
    const tracer = ${factory}(runtime);
    const root = createEnvelope({ packet_type: 'trace.root', source_agent: 'generated-test', destination_agent: runtime.identity.id, payload: {} });
    expect(await tracer.trace(root)).toBeNull();
    expect((await tracer.causesOf(root.packet_id)).ancestors).toEqual([]);
  });`,
      ],
    });
  },
};
