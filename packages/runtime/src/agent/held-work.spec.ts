import Fastify, { type FastifyInstance } from 'fastify';
import { createEnvelope } from '../envelope/create-envelope';
import type { JsonObject } from '../envelope/envelope-schema';
import { testAnchors } from '../governance/anchor-test-support';
import { anchorSigner } from '../testing/anchor-signer';
import type { EscalationRecord, ResolutionAction } from '../governance';
import { testAgentBlueprint } from '../testing/test-agent-blueprint';
import type { AgentBlueprint } from './agent-blueprint';
import { GOVERNANCE_RESOLVED_TOPIC } from './held-work-delivery';
import { DomainInputError } from './operation-registry';
import { serveAgent, type RunningAgent } from './serve-agent';
import { createTestRuntime } from './test-runtime';

const anchors = testAnchors(['Igor', 'Oversight']);
const anchorsFile = anchors.writeJwksFile();

const scorerBlueprint = testAgentBlueprint(
  { id: 'scorer-agent', name: 'ScorerAgent', routePrefix: 'scorer', anchors: ['Igor', 'Oversight'] },
  {
    auditScope: ['inference_calls'],
    featureFlags: { L9_ENABLE_AUDIT_LOG: true },
    peers: [{ id: 'main-agent', name: 'MainAgent', routePrefix: 'mainagent', port: 1, kind: 'hard' }],
  },
);

const mainBlueprint: AgentBlueprint = {
  ...scorerBlueprint,
  identity: { id: 'main-agent', name: 'MainAgent', version: '1.0.0', routePrefix: 'mainagent' },
  governance: { anchors: ['Igor'], mode: 'autonomous', humanoverride: false },
  peers: [],
};

const endpoints = [
  {
    name: 'score',
    path: '/scorer/v1/score',
    method: 'POST' as const,
    timeout_ms: 2_000,
    operation: 'scorer',
    response: {
      type: 'object',
      properties: { score: { type: 'number' } },
      required: ['score'],
      additionalProperties: false,
    },
  },
];

describe('held work: an escalated packet or call runs once on approval and its outcome is delivered', () => {
  let main: RunningAgent<object>;
  let scorer: RunningAgent<object>;
  let callbacks: FastifyInstance;
  let callbackOrigin: string;
  const received: JsonObject[] = [];
  const runs: JsonObject[] = [];
  const published: JsonObject[] = [];

  beforeAll(async () => {
    callbacks = Fastify();
    callbacks.post('/cb', async (request) => {
      received.push(request.body as JsonObject);
      return { ok: true };
    });
    callbackOrigin = (await callbacks.listen({ port: 0, host: '127.0.0.1' })).replace(
      'localhost',
      '127.0.0.1',
    );
    main = serveAgent(await createTestRuntime(mainBlueprint), { endpoints: [], modules: {} });
    const mainUrl = await main.listen(0, '127.0.0.1');
    const runtime = await createTestRuntime(scorerBlueprint, {
      L9_ANCHORS_FILE: anchorsFile,
      L9_PEER_MAIN_AGENT_URL: mainUrl,
      L9_CALLBACK_ALLOWLIST: callbackOrigin,
    });
    runtime.operations.register({
      name: 'scorer',
      async handle(input) {
        runs.push(input);
        if (typeof input['value'] !== 'number') throw new DomainInputError('value must be a number');
        return { score: input['value'] * 2 };
      },
    });
    await runtime.stream.subscribe(GOVERNANCE_RESOLVED_TOPIC, 'test', 'test', async (message) => {
      published.push(message.body as JsonObject);
    });
    scorer = serveAgent(runtime, { endpoints, modules: {} });
    await scorer.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await scorer.close();
    await main.close();
    await callbacks.close();
  });

  /** What an anchor signs after reading the escalation: its `work_digest` comes from the held work as the agent keeps it. */
  const signed = anchorSigner(anchors, 'scorer-agent', () => scorer.runtime.governance);
  const resolve = async (id: string, action: ResolutionAction, resolution: string) =>
    scorer.server.app.inject({
      method: 'POST',
      url: `/scorer/escalations/${id}/${action}`,
      payload: { resolution },
    });
  const packet = (payload: JsonObject) =>
    createEnvelope({
      packet_type: 'scorer',
      source_agent: 'main-agent',
      destination_agent: 'scorer-agent',
      payload,
    });
  const send = (envelope: ReturnType<typeof packet>) =>
    scorer.server.app.inject({ method: 'POST', url: '/scorer/packets', payload: envelope });
  const escalatePacket = async (payload: JsonObject) => {
    const envelope = packet(payload);
    const answer = await send(envelope);
    expect(answer.statusCode).toBe(202);
    return { envelope, id: answer.json().payload.escalation_id as string };
  };
  const resolvedEpisodesAtMain = async () =>
    (await main.runtime.memory.episodic.query({ kind: 'packet.governance.resolved' })).map(
      (episode) => episode.data as { payload: JsonObject },
    );

  it('holds an escalated packet without running it, and answers a resend with the same escalation', async () => {
    const before = runs.length;
    const { envelope, id } = await escalatePacket({ value: 21, confidence: 0.2 });
    const again = await send(envelope);
    expect([again.statusCode, again.json().payload.escalation_id]).toEqual([202, id]);
    const second = await scorer.runtime.governance.evaluate({
      id: envelope.packet_id,
      agent: 'scorer-agent',
      action: 'scorer',
      signals: { confidence: 0.2 },
      packet_id: envelope.packet_id,
    });
    expect(second).toMatchObject({ resent: true, escalation: { id } });
    expect(runs.length).toBe(before);
    expect(await scorer.runtime.governance.get(id)).toMatchObject({
      status: 'paused',
      work: { kind: 'packet', envelope },
    });
  });

  it('runs an approved packet once, shows the result on the record, publishes it and answers the source agent', async () => {
    const { envelope, id } = await escalatePacket({ value: 21, confidence: 0.2 });
    const before = runs.length;
    const [first, second] = await Promise.all([
      resolve(id, 'approve', await signed('Igor', id, 'approve', 'fine')),
      resolve(id, 'approve', await signed('Oversight', id, 'approve', 'fine too')),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    expect(runs.length - before).toBe(1);
    const record = (
      await scorer.server.app.inject({ method: 'GET', url: `/scorer/escalations/${id}` })
    ).json() as EscalationRecord;
    expect(record).toMatchObject({
      status: 'approved',
      outcome: { state: 'completed', result: { packet_type: 'scorer.result', payload: { score: 42 } } },
      delivered_at: expect.any(String),
      deliveries: [
        { channel: 'event-stream', ok: true, target: GOVERNANCE_RESOLVED_TOPIC },
        { channel: 'peer', ok: true, target: 'main-agent' },
      ],
    });
    expect(published).toContainEqual(
      expect.objectContaining({
        escalation_id: id,
        outcome: 'completed',
        packet_id: envelope.packet_id,
        result: { packet_type: 'scorer.result', payload: { score: 42 } },
      }),
    );
    expect(await resolvedEpisodesAtMain()).toContainEqual(
      expect.objectContaining({
        payload: expect.objectContaining({
          escalation_id: id,
          outcome: 'completed',
          resolved_by: expect.any(String),
        }),
      }),
    );
    const audited = (await scorer.runtime.audit.entries())
      .filter((entry) => entry.subject === id)
      .map((entry) => entry.action);
    // Both signed approvals are on the log; the one that lost the race is marked as superseded.
    expect(audited.sort()).toEqual([
      'governance.approve',
      'governance.approve',
      'governance.held_work',
      'governance.held_work_started',
      'governance.resolution_superseded',
    ]);
  });

  it('tells the source agent of a rejection, and runs nothing', async () => {
    const { id } = await escalatePacket({ value: 1, confidence: 0.1 });
    const before = runs.length;
    const answer = await resolve(id, 'reject', await signed('Oversight', id, 'reject', 'too risky'));
    expect(answer.statusCode).toBe(200);
    expect(answer.json().escalation).toMatchObject({
      status: 'rejected',
      outcome: { state: 'rejected', error: 'rejected: too risky' },
      delivered_at: expect.any(String),
    });
    expect(runs.length).toBe(before);
    expect(await resolvedEpisodesAtMain()).toContainEqual(
      expect.objectContaining({
        payload: expect.objectContaining({ escalation_id: id, outcome: 'rejected', reason: 'too risky' }),
      }),
    );
  });

  it('makes an override value the result, without running the work', async () => {
    const { id } = await escalatePacket({ value: 3, confidence: 0.1 });
    const before = runs.length;
    const answer = await resolve(
      id,
      'override',
      await signed('Igor', id, 'override', 'use the manual score', { score: 7 }),
    );
    expect(answer.json().escalation).toMatchObject({
      status: 'overridden',
      outcome: { state: 'overridden', result: { score: 7 } },
    });
    expect(runs.length).toBe(before);
    expect(published).toContainEqual(
      expect.objectContaining({ escalation_id: id, outcome: 'overridden', result: { score: 7 } }),
    );
  });

  it('runs a held endpoint call through its domain operation and POSTs the outcome to an allowed callback', async () => {
    const held = await scorer.runtime.governance.evaluate(
      {
        id: 'call-1',
        agent: 'scorer-agent',
        action: 'score',
        signals: { confidence: 0.1 },
        packet_id: 'call-1',
      },
      {
        work: {
          kind: 'endpoint',
          endpoint: 'score',
          payload: { value: 5, confidence: 0.1 },
          caller: 'tester',
          callback_url: `${callbackOrigin}/cb`,
        },
      },
    );
    const id = held.escalation!.id;
    const answer = await resolve(id, 'approve', await signed('Igor', id, 'approve', 'ok'));
    expect(answer.json().escalation).toMatchObject({
      outcome: { state: 'completed', result: { score: 10 } },
      deliveries: expect.arrayContaining([{ channel: 'callback', ok: true, target: callbackOrigin }]),
    });
    expect(received).toContainEqual(
      expect.objectContaining({
        escalation_id: id,
        endpoint: 'score',
        outcome: 'completed',
        result: { score: 10 },
      }),
    );
  });

  it('holds a declared endpoint call that escalates, and on approval answers its L9-Callback-Url', async () => {
    const before = runs.length;
    const call = await scorer.server.app.inject({
      method: 'POST',
      url: '/scorer/v1/score',
      headers: { 'idempotency-key': 'call-from-endpoint', 'l9-callback-url': `${callbackOrigin}/cb` },
      payload: { value: 8, confidence: 0.1 },
    });
    expect(call.statusCode).toBe(202);
    const id = call.json().escalation_id as string;
    expect(runs.length).toBe(before);
    const answer = await resolve(id, 'approve', await signed('Oversight', id, 'approve', 'ok'));
    expect(answer.json().escalation).toMatchObject({
      work: { kind: 'endpoint', endpoint: 'score' },
      outcome: { state: 'completed', result: { score: 16 } },
    });
    expect(runs.length).toBe(before + 1);
    expect(received).toContainEqual(
      expect.objectContaining({ escalation_id: id, packet_id: 'call-from-endpoint', result: { score: 16 } }),
    );
  });

  it("answers a resent call with its escalation, and never hands one Idempotency-Key's escalation to other work", async () => {
    const call = (payload: JsonObject, key: string) =>
      scorer.server.app.inject({
        method: 'POST',
        url: '/scorer/v1/score',
        headers: { 'idempotency-key': key },
        payload,
      });
    const first = await call({ value: 4, confidence: 0.1 }, 'shared-key');
    expect(first.statusCode).toBe(202);
    const id = first.json().escalation_id as string;
    expect((await call({ value: 4, confidence: 0.1 }, 'shared-key')).json()).toMatchObject({
      status: 'escalated',
      escalation_id: id,
    });
    const other = await call({ value: 400, confidence: 0.1 }, 'shared-key');
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: 'governance_denied', idempotency_key: 'shared-key' });
    expect(other.json().message).toMatch(/Idempotency-Key .* other work/);
    expect(other.body).not.toContain(id);
    // A held packet's id used as an Idempotency-Key does not reach the packet's escalation either.
    const { envelope, id: packetEscalation } = await escalatePacket({ value: 2, confidence: 0.2 });
    const hijack = await call({ value: 2, confidence: 0.2 }, envelope.packet_id);
    expect(hijack.statusCode).toBe(403);
    expect(hijack.body).not.toContain(packetEscalation);
    expect((await scorer.runtime.governance.get(id)).work).toMatchObject({ payload: { value: 4 } });
  });

  it("refuses an override value outside the held call's response schema, so an override answers through the same contract", async () => {
    const held = await scorer.runtime.governance.evaluate(
      {
        id: 'call-3',
        agent: 'scorer-agent',
        action: 'score',
        signals: { confidence: 0.1 },
        packet_id: 'call-3',
      },
      {
        work: {
          kind: 'endpoint',
          endpoint: 'score',
          payload: { value: 1, confidence: 0.1 },
          caller: 'tester',
          callback_url: `${callbackOrigin}/cb`,
        },
      },
    );
    const id = held.escalation!.id;
    const count = received.length;
    const off = await resolve(
      id,
      'override',
      await signed('Igor', id, 'override', 'manual', { score: 'high', note: 'x' }),
    );
    expect(off.statusCode).toBe(400);
    expect(off.json()).toMatchObject({ error: 'invalid_input' });
    expect(off.json().message).toMatch(/override value .*score/);
    expect((await scorer.runtime.governance.get(id)).status).toBe('paused');
    expect(received).toHaveLength(count);
    const good = await resolve(id, 'override', await signed('Igor', id, 'override', 'manual', { score: 3 }));
    expect(good.json().escalation).toMatchObject({
      status: 'overridden',
      outcome: { state: 'overridden', result: { score: 3 } },
    });
  });

  it('records a failing operation as failed, and sends no callback outside the allowlist', async () => {
    const held = await scorer.runtime.governance.evaluate(
      {
        id: 'call-2',
        agent: 'scorer-agent',
        action: 'score',
        signals: { confidence: 0.1 },
        packet_id: 'call-2',
      },
      {
        work: {
          kind: 'endpoint',
          endpoint: 'score',
          payload: { value: 'x' },
          caller: 'tester',
          callback_url: 'http://169.254.169.254/latest',
        },
      },
    );
    const id = held.escalation!.id;
    const count = received.length;
    const answer = await resolve(id, 'approve', await signed('Igor', id, 'approve', 'ok'));
    expect(answer.json().escalation).toMatchObject({
      outcome: { state: 'failed', error: 'value must be a number' },
      deliveries: expect.arrayContaining([
        {
          channel: 'callback',
          ok: false,
          error: 'callback_url origin http://169.254.169.254 is not in L9_CALLBACK_ALLOWLIST',
        },
      ]),
    });
    expect(received).toHaveLength(count);
  });
});
