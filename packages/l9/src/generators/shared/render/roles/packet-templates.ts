import { moduleFactoryName } from '../code-names';
import { literal, renderRoleModule, renderRoleSpec, tsString, type RoleTemplate } from './role-template';

export const packetHandlerTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'PacketHandlerRole',
      roleName: 'packet handler',
      about: [
        `Handles the PacketEnvelopes that POST /${ctx.spec.route_prefix}/packets admitted (validated, governed, audited): records each as an episode, traces its lineage in causal memory, runs the domain operation its packet_type (or payload.operation) names and answers with the result; a packet naming no operation is acknowledged.`,
      ],
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    return renderRoleSpec(ctx, module, {
      roleName: 'packet handler',
      runtimeImports: ['createEnvelope', 'DomainInputError'],
      tests: [
        `  it('runs the operation a packet names and records the packet', async () => {
    runtime.operations.register({
      name: 'generated-check',
      async handle(input) {
        if (typeof input['value'] !== 'number') throw new DomainInputError('value must be a number');
        return { doubled: input['value'] * 2 };
      },
    });
    const handler = ${factory}(runtime);
    const envelope = createEnvelope({ packet_type: 'generated-check', source_agent: 'generated-test', destination_agent: ${tsString(ctx.spec.id)}, payload: { value: 21 } });
    expect(await handler.handlePacket(envelope)).toEqual({ payload: { doubled: 42 } });
    expect(await runtime.memory.episodic.query({ packet_id: envelope.packet_id })).toHaveLength(1);
    const refused = createEnvelope({ packet_type: 'generated-check', source_agent: 'generated-test', destination_agent: ${tsString(ctx.spec.id)}, payload: { value: 'x' } });
    expect(await handler.handlePacket(refused)).toMatchObject({ packet_type: 'generated-check.rejected', payload: { error: 'invalid_input' } });
  });`,
        `  it('acknowledges a packet that names no operation', async () => {
    const envelope = createEnvelope({ packet_type: 'no-such-operation', source_agent: 'generated-test', destination_agent: ${tsString(ctx.spec.id)}, payload: {} });
    expect(await ${factory}(runtime).handlePacket(envelope)).toEqual({ payload: { received: envelope.packet_id, by: ${tsString(ctx.spec.id)}, operation: null } });
  });`,
      ],
    });
  },
};

export const packetRouterTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'PacketRouterRole',
      roleName: 'packet router',
      about: [
        'Routes packets to the agents this one depends on, and only to them; forwarded packets are children of what they forward, so lineage and trace id carry over, and every routed packet is audited.',
        `Routing table: ${ctx.dependencies.map((p) => `${p.name} (${p.id}, port ${p.port}, POST /${p.route_prefix}/packets)`).join('; ') || 'empty: the schema declares no dependencies'}.`,
      ],
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    const peers = ctx.dependencies.map((p) => p.id);
    return renderRoleSpec(ctx, module, {
      roleName: 'packet router',
      runtimeImports: ['RoutingError'],
      tests: [
        `  it('routes exactly to the peers of the plan', () => {
    const router = ${factory}(runtime);
    expect(router.routes().map((r) => r.id)).toEqual(${literal(peers)});
    expect(router.routes().map((r) => r.id)).toEqual(runtime.peers.list().map((p) => p.id));
${ctx.dependencies.map((p) => `    expect(router.canRoute(${tsString(p.name)})).toBe(true);`).join('\n')}
  });`,
        `  it('refuses to route to an agent that is not a peer', async () => {
    const router = ${factory}(runtime);
    expect(router.canRoute('not-a-peer')).toBe(false);
    await expect(router.route('not-a-peer', 'router.check', {})).rejects.toBeInstanceOf(RoutingError);
  });`,
      ],
    });
  },
};

export const packetValidatorTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'PacketValidatorRole',
      roleName: 'packet validator',
      about: [
        `Checks envelopes that reach ${ctx.spec.name} other than through its packet route the same way that route does: reads v2 or upgrades v1, checks size, destination, content hash and, with L9_PACKET_SECRET set, the signature; signs outgoing envelopes with the same secret.`,
      ],
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    const make = (destination: string, payload: string) =>
      `createEnvelope({ packet_type: 'validator.check', source_agent: 'generated-test', destination_agent: ${tsString(destination)}, payload: ${payload} })`;
    return renderRoleSpec(ctx, module, {
      roleName: 'packet validator',
      runtimeImports: ['createEnvelope'],
      tests: [
        `  it('accepts an intact envelope addressed to the agent', () => {
    const validator = ${factory}(runtime);
    const envelope = validator.sign(${make(ctx.spec.id, '{ step: 1 }')});
    expect(validator.check(envelope)).toMatchObject({ ok: true, envelope: { packet_id: envelope.packet_id } });
    expect(validator.read(envelope).packet_id).toBe(envelope.packet_id);
    expect(validator.maxBytes).toBe(runtime.config.limits.maxPacketBytes);
  });`,
        `  it('refuses malformed, misaddressed and tampered envelopes', () => {
    const validator = ${factory}(runtime);
    expect(validator.check({ version: '2.0' })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(validator.check(${make('someone-else', '{}')})).toMatchObject({ ok: false, reason: 'wrong_destination' });
    const envelope = ${make(ctx.spec.id, '{ step: 1 }')};
    expect(validator.check({ ...envelope, payload: { step: 2 } })).toMatchObject({ ok: false, reason: 'content_mismatch' });
    expect(() => validator.read({ ...envelope, payload: { step: 2 } })).toThrow(/verification/);
  });`,
      ],
    });
  },
};
