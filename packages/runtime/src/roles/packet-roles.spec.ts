import type { AgentRuntime } from '../agent/agent-runtime';
import { DomainInputError } from '../agent/operation-registry';
import { serveAgent, type RunningAgent } from '../agent/serve-agent';
import { createTestRuntime } from '../agent/test-runtime';
import { createEnvelope } from '../envelope/create-envelope';
import { EnvelopeError } from '../envelope/envelope-error';
import { deriveChildEnvelope } from '../envelope/derive-child-envelope';
import { PacketHandlerRole, operationFor } from './packet-handler-role';
import { PacketRouterRole, RoutingError } from './packet-router-role';
import { PacketValidatorRole } from './packet-validator-role';
import { CALM_SIGNALS, roleTestBlueprint } from './role-test-support';

const toScorer = (payload: Record<string, never> | Record<string, string | number>, packet_type = 'score') =>
  createEnvelope({ packet_type, source_agent: 'main-agent', destination_agent: 'scorer-agent', payload });

describe('PacketHandlerRole', () => {
  let runtime: AgentRuntime;
  let handler: PacketHandlerRole;

  beforeEach(async () => {
    runtime = await createTestRuntime(roleTestBlueprint());
    runtime.operations.register({
      name: 'score',
      async handle(input) {
        if (typeof input['value'] !== 'number') throw new DomainInputError('value must be a number');
        return { score: input['value'] * 2 };
      },
    });
    handler = new PacketHandlerRole(runtime);
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('runs the operation named by packet_type or payload.operation, records the packet and traces its lineage', async () => {
    const root = toScorer({ value: 4 });
    expect(await handler.handlePacket(root)).toEqual({ payload: { score: 8 } });
    const child = deriveChildEnvelope(root, {
      payload: { operation: 'score', value: 1 },
      packet_type: 'request',
    });
    expect(operationFor(runtime, child)).toBe('score');
    expect(await handler.handlePacket(child)).toEqual({ payload: { score: 2 } });
    expect(await runtime.memory.episodic.query({ packet_id: root.packet_id })).toHaveLength(1);
    expect((await runtime.memory.causal.explain(`packet:${child.packet_id}`)).rootCauses).toEqual([
      `packet:${root.packet_id}`,
    ]);
  });

  it('acknowledges a packet that names no operation and answers refused input with the reason', async () => {
    const note = toScorer({ text: 'hello' }, 'note');
    expect(await handler.handlePacket(note)).toEqual({
      payload: { received: note.packet_id, by: 'scorer-agent', operation: null },
    });
    expect(await handler.handlePacket(toScorer({ value: 'x' }))).toEqual({
      payload: { error: 'invalid_input', message: 'value must be a number', operation: 'score' },
      packet_type: 'score.rejected',
    });
  });
});

describe('PacketRouterRole', () => {
  let peer: RunningAgent<object>;
  let runtime: AgentRuntime;

  beforeEach(async () => {
    const peerRuntime = await createTestRuntime(
      roleTestBlueprint({
        identity: { id: 'main-agent', name: 'MainAgent', version: '1.0.0', routePrefix: 'mainagent' },
        peers: [],
      }),
    );
    peer = serveAgent(peerRuntime, { endpoints: [], modules: {} });
    const url = await peer.listen(0, '127.0.0.1');
    runtime = await createTestRuntime(roleTestBlueprint(), { L9_PEER_MAIN_AGENT_URL: url });
  });

  afterEach(async () => {
    await runtime.close();
    await peer.close();
  });

  it('has the peers as its routing table and forwards a packet as a child of the original', async () => {
    const router = new PacketRouterRole(runtime);
    expect(router.routes()).toEqual([
      {
        id: 'main-agent',
        name: 'MainAgent',
        kind: 'hard',
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/mainagent\/packets$/),
      },
    ]);
    expect(router.canRoute('MainAgent')).toBe(true);
    const original = createEnvelope({
      packet_type: 'match',
      source_agent: 'plastos-adapter',
      destination_agent: 'scorer-agent',
      payload: { buyer: 7, ...CALM_SIGNALS },
    });
    const reply = await router.forward(original, 'main-agent');
    expect(reply.envelope.lineage.root_packet_id).toBe(original.packet_id);
    expect(reply.envelope.metadata.trace_id).toBe(original.metadata.trace_id);
    expect(await peer.runtime.memory.episodic.query({ kind: 'packet.match' })).toHaveLength(1);
  });

  it('refuses to route to an agent that is not a peer', async () => {
    const router = new PacketRouterRole(runtime);
    expect(router.canRoute('tensor-auditor')).toBe(false);
    await expect(router.route('tensor-auditor', 'match', {})).rejects.toBeInstanceOf(RoutingError);
    await expect(router.route('tensor-auditor', 'match', {})).rejects.toThrow(/peers: main-agent/);
  });
});

describe('PacketValidatorRole', () => {
  let runtime: AgentRuntime;

  beforeEach(async () => {
    runtime = await createTestRuntime(roleTestBlueprint(), {
      L9_PACKET_SECRET: 'shared-secret-of-the-ecosystem',
    });
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('accepts a signed envelope for this agent and upgrades a v1 packet', () => {
    const validator = new PacketValidatorRole(runtime);
    const signed = validator.sign(toScorer({ value: 1 }));
    expect(validator.check(signed)).toMatchObject({ ok: true, envelope: { packet_id: signed.packet_id } });
    expect(validator.read(signed).signature).toBe(signed.signature);
    const v1 = {
      packet_id: '6f1c2f3e-0a7b-4c51-9a4e-2b1f7d6e8c90',
      packet_type: 'score',
      version: '1.0.0',
      timestamp: '2025-01-01T00:00:00Z',
      payload: { value: 1 },
      provenance: { source_agent: 'legacy' },
    };
    expect(validator.check(v1)).toMatchObject({ ok: false, reason: 'unsigned' });
  });

  it('refuses malformed, oversized, misaddressed, unsigned and tampered envelopes', () => {
    const validator = new PacketValidatorRole(runtime, { maxBytes: 2_000 });
    expect(validator.check({ version: '2.0' })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(validator.check(validator.sign(toScorer({ blob: 'x'.repeat(3_000) })))).toMatchObject({
      ok: false,
      reason: 'too_large',
    });
    const elsewhere = validator.sign(
      createEnvelope({ packet_type: 'score', source_agent: 'a', destination_agent: 'other', payload: {} }),
    );
    expect(validator.check(elsewhere)).toMatchObject({
      ok: false,
      reason: 'wrong_destination',
      field: 'destination_agent',
    });
    expect(validator.check(toScorer({ value: 1 }))).toMatchObject({ ok: false, reason: 'unsigned' });
    const signed = validator.sign(toScorer({ value: 1 }));
    expect(validator.check({ ...signed, payload: { value: 2 } })).toMatchObject({
      ok: false,
      reason: 'content_mismatch',
    });
    expect(() => validator.read({ ...signed, signature: 'f'.repeat(64) })).toThrow(EnvelopeError);
    expect(() => new PacketValidatorRole(runtime, { maxBytes: 0 })).toThrow(RangeError);
  });
});
