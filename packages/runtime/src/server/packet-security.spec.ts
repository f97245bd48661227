import { createEnvelope } from '../envelope/create-envelope';
import { PacketEnvelope } from '../envelope/envelope-schema';
import { signEnvelope, verifyEnvelope } from '../envelope/sign-envelope';
import {
  fixtureServer,
  IDENTITY,
  MemoryAudit,
  packet,
  SECRET,
  settings,
  signedPacket,
  T0,
} from './__fixtures__/agent-server-fixture';
import type { AgentServer } from './create-agent-server';
import type { PacketEnvelope as Envelope } from '../envelope/envelope-schema';

describe('POST /<prefix>/packets security', () => {
  const clock = { now: T0 };
  const audit = new MemoryAudit();
  const handled: Envelope[] = [];
  let server: AgentServer;

  beforeAll(() => {
    server = fixtureServer({
      clock,
      audit,
      settings: settings({ rateLimit: { capacity: 2, refillPerSecond: 1 } }),
      packetHandler: (envelope) => {
        handled.push(envelope);
        return { payload: { score: 0.75, echoed: envelope.packet_id } };
      },
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    // Each test gets a fresh rate-limit budget by moving the clock on.
    clock.now += 3_600_000;
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    server.app.inject({
      method: 'POST',
      url: '/tensoraios/packets',
      payload: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
  const fresh = (overrides: Parameters<typeof signedPacket>[0] = {}) =>
    signedPacket({ timestamp: new Date(clock.now).toISOString(), ...overrides });

  it('processes a signed packet once and answers with a signed child envelope', async () => {
    const request = fresh();
    const response = await post(request);
    expect(response.statusCode).toBe(200);
    const answer = response.json() as PacketEnvelope;
    expect(verifyEnvelope(answer, SECRET)).toEqual({ status: 'ok' });
    expect(answer).toMatchObject({
      packet_type: 'score.request.result',
      source_agent: 'tensoraios',
      destination_agent: 'main-agent',
      payload: { score: 0.75, echoed: request.packet_id },
      lineage: { parent_ids: [request.packet_id], root_packet_id: request.packet_id, generation: 1 },
      metadata: { trace_id: request.metadata.trace_id },
    });
    expect(audit.entries.at(-1)).toMatchObject({
      action: 'packet.received',
      packet_id: request.packet_id,
      governance: 'not_evaluated',
    });
  });

  it('rejects an unsigned packet with 401', async () => {
    const response = await post(packet({ timestamp: new Date(clock.now).toISOString() }));
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      error: 'unsigned_packet',
      message: 'this agent requires signed packets',
    });
  });

  it('rejects a forged signature with 401', async () => {
    const forged = signEnvelope(
      packet({ timestamp: new Date(clock.now).toISOString() }),
      'attacker-secret-guess-000000',
    );
    const response = await post(forged);
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toBe('bad_signature');
  });

  it('rejects a packet whose signed fields were changed in transit with 401', async () => {
    const response = await post({ ...fresh(), packet_type: 'admin.override' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toBe('bad_signature');
  });

  it('rejects a tampered payload (content_hash mismatch) with 400 before it reaches the handler', async () => {
    const request = fresh();
    const before = handled.length;
    const response = await post({ ...request, payload: { ...request.payload, query: 'drop table' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'content_hash_mismatch', expected: request.content_hash });
    expect(handled.length).toBe(before);
  });

  it('answers an identical resend with the first response, processing it once', async () => {
    const request = fresh();
    const first = await post(request);
    const before = handled.length;
    const again = await post(request);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replay']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(handled.length).toBe(before);
  });

  it('rejects a packet id reused with different content with 409', async () => {
    const request = fresh();
    await post(request);
    const reused = signEnvelope(
      createEnvelope({
        packet_id: request.packet_id,
        packet_type: 'score.request',
        source_agent: 'main-agent',
        destination_agent: 'tensoraios',
        payload: { query: 'other' },
        timestamp: request.timestamp,
      }),
      SECRET,
    );
    const response = await post(reused);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: 'replay_conflict', packet_id: request.packet_id });
  });

  it('rejects a signed packet older than the replay window with 401', async () => {
    const response = await post(signedPacket({ timestamp: new Date(clock.now - 61_000).toISOString() }));
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toBe('stale_packet');
  });

  it('rejects an oversized body with 413 and a JSON error', async () => {
    const response = await post(fresh({ payload: { blob: 'x'.repeat(9000) } }));
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toBe('payload_too_large');
  });

  it('rate limits per source agent with 429 and Retry-After', async () => {
    expect((await post(fresh({ source_agent: 'noisy' }))).statusCode).toBe(200);
    expect((await post(fresh({ source_agent: 'noisy' }))).statusCode).toBe(200);
    const limited = fresh({ source_agent: 'noisy' });
    const response = await post(limited);
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json()).toMatchObject({ error: 'rate_limited', retry_after_seconds: 1 });
    expect((await post(fresh({ source_agent: 'quiet' }))).statusCode).toBe(200);
    clock.now += 1000;
    expect((await post(limited)).statusCode).toBe(200);
  });

  it('rejects a packet for another agent with 404', async () => {
    const response = await post(fresh({ destination_agent: 'world-model' }));
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'unknown_agent', destination_agent: 'world-model' });
  });

  it('accepts the display name as destination', async () => {
    expect((await post(fresh({ destination_agent: IDENTITY.name }))).statusCode).toBe(200);
  });

  it('rejects bad JSON and invalid envelopes with 400, naming the field', async () => {
    const bad = await post('{"packet_id": ');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('invalid_json');
    const invalid = await post({
      ...fresh(),
      lineage: { parent_ids: [], root_packet_id: 'nope', generation: 0 },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: 'invalid_envelope', field: 'lineage.root_packet_id' });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/tensoraios/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: 'route_not_found',
      message: 'no route GET /tensoraios/nowhere',
    });
  });

  it('returns 503 when the audit write fails and processes the retry once the audit log is back', async () => {
    const request = fresh();
    audit.failing = true;
    const down = await post(request);
    audit.failing = false;
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({
      error: 'backend_unavailable',
      message: 'audit is unavailable: connection refused',
    });
    const retry = await post(request);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replay']).toBeUndefined();
  });

  it('counts accepted and rejected packets by reason in /status', async () => {
    const status = (await server.app.inject({ method: 'GET', url: '/tensoraios/status' })).json();
    expect(status.packets.rejected_by_reason).toMatchObject({
      unsigned_packet: 1,
      bad_signature: 2,
      content_hash_mismatch: 1,
      replay_conflict: 1,
      payload_too_large: 1,
      rate_limited: 1,
      unknown_agent: 1,
      invalid_json: 1,
      invalid_envelope: 1,
      backend_unavailable: 1,
      stale_packet: 1,
    });
    expect(status.packets.idempotent_replays).toBe(1);
    expect(status.packets.accepted).toBe(handled.length);
  });
});
