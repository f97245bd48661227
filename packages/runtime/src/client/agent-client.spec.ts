import Fastify, { FastifyInstance } from 'fastify';
import { createEnvelope } from '../envelope/create-envelope';
import { PacketEnvelope } from '../envelope/envelope-schema';
import { verifyEnvelope } from '../envelope/sign-envelope';
import { BackendUnavailableError } from '../server/backend-unavailable-error';
import { createAgentServer } from '../server/create-agent-server';
import { AgentClient } from './agent-client';
import { AgentRequestError } from './agent-request-error';

const SECRET = 'client-test-secret-0123456789';

function request(destination = 'tensoraios'): PacketEnvelope {
  return createEnvelope({
    packet_type: 'score.request',
    source_agent: 'main-agent',
    destination_agent: destination,
    payload: { items: [1, 2] },
  });
}

async function errorOf(promise: Promise<unknown>): Promise<AgentRequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AgentRequestError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('AgentClient against a real agent server', () => {
  let failuresLeft = 0;
  let handled = 0;
  const agent = createAgentServer({
    identity: { id: 'tensoraios', name: 'TensorAIOS', version: '6.0.0', routePrefix: 'tensoraios' },
    settings: { auth: { required: true, secret: SECRET }, logLevel: 'silent' },
    collectDefaultMetrics: false,
    packetHandler: () => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new BackendUnavailableError('episodic-log', 'restarting');
      }
      handled += 1;
      return { payload: { score: 0.5 } };
    },
  });
  const delays: number[] = [];
  let client: AgentClient;

  beforeAll(async () => {
    const baseUrl = await agent.listen(0, '127.0.0.1');
    client = new AgentClient({
      baseUrl,
      secret: SECRET,
      retries: 3,
      random: () => 0.5,
      sleep: async (ms) => void delays.push(ms),
    });
  });
  afterAll(() => agent.close());

  it('signs the packet, retries 503s with backoff and gets one processing and an authentic answer', async () => {
    failuresLeft = 2;
    delays.length = 0;
    const sent = request();
    const reply = await client.sendPacket(sent, 'tensoraios');
    expect(reply.status).toBe(200);
    expect(reply.replayed).toBe(false);
    expect(verifyEnvelope(reply.envelope, SECRET)).toEqual({ status: 'ok' });
    expect(reply.envelope.lineage.parent_ids).toEqual([sent.packet_id]);
    expect(handled).toBe(1);
    expect(delays).toEqual([50, 100]);
  });

  it('gets the first answer back when it resends a packet the agent already processed', async () => {
    const sent = request();
    const first = await client.sendPacket(sent, 'tensoraios');
    const again = await client.sendPacket(sent, 'tensoraios');
    expect(again.replayed).toBe(true);
    expect(again.envelope).toEqual(first.envelope);
  });

  it('does not retry a 4xx and reports the agent’s error body', async () => {
    delays.length = 0;
    const error = await errorOf(client.sendPacket(request('world-model'), 'tensoraios'));
    expect(error).toMatchObject({ kind: 'http', status: 404, attempts: 1, body: { error: 'unknown_agent' } });
    expect(error.message).toContain('answered 404: this is agent tensoraios, not world-model');
    expect(delays).toEqual([]);
  });

  it('rejects an answer that is not signed with the shared secret', async () => {
    const stranger = new AgentClient({
      baseUrl: client['options'].baseUrl,
      secret: 'another-secret-0123456789',
      retries: 0,
    });
    const error = await errorOf(stranger.sendPacket(request(), 'tensoraios'));
    expect(error).toMatchObject({ kind: 'http', status: 401 });
  });
});

describe('AgentClient against a flaky server', () => {
  const app: FastifyInstance = Fastify({ forceCloseConnections: true });
  const seen: { path: string; packetId?: string }[] = [];
  const script: { status: number; headers?: Record<string, string> }[] = [];
  let release: (() => void) | undefined;
  let baseUrl = '';
  const delays: number[] = [];
  const client = () =>
    new AgentClient({
      baseUrl,
      retries: 2,
      random: () => 0,
      sleep: async (ms) => void delays.push(ms),
      timeoutMs: 200,
    });

  beforeAll(async () => {
    app.post('/flaky/packets', async (request, reply) => {
      seen.push({ path: '/flaky/packets', packetId: (request.body as PacketEnvelope).packet_id });
      const next = script.shift();
      if (next)
        return reply
          .code(next.status)
          .headers(next.headers ?? {})
          .send({ error: 'scripted', message: `scripted ${next.status}` });
      return reply.code(200).send({ not: 'an envelope' });
    });
    app.get('/flaky/v1/items/:id', async (request, reply) => {
      seen.push({ path: request.url });
      const next = script.shift();
      if (next) return reply.code(next.status).send({ error: 'scripted', message: 'scripted' });
      return { id: (request.params as { id: string }).id, query: request.query };
    });
    app.post('/flaky/v1/hang', () =>
      new Promise<void>((resolve) => (release = resolve)).then(() => ({ late: true })),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    release?.();
    await app.close();
  });
  beforeEach(() => {
    seen.length = 0;
    delays.length = 0;
    script.length = 0;
  });

  it('keeps the same packet_id on every retry and honours Retry-After on 429', async () => {
    script.push({ status: 429, headers: { 'retry-after': '2' } }, { status: 502 });
    const sent = request('flaky');
    const error = await errorOf(client().sendPacket(sent, 'flaky'));
    expect(seen.map((hit) => hit.packetId)).toEqual([sent.packet_id, sent.packet_id, sent.packet_id]);
    expect(delays).toEqual([2000, 0]);
    expect(error).toMatchObject({ kind: 'bad_response' });
  });

  it('gives up after the configured retries with the last error', async () => {
    script.push({ status: 500 }, { status: 503 }, { status: 504 });
    const error = await errorOf(client().callEndpoint({ path: '/flaky/v1/items/7', method: 'GET' }));
    expect(error).toMatchObject({ kind: 'http', status: 504, attempts: 3 });
    expect(seen).toHaveLength(3);
  });

  it('calls endpoints with query parameters for GET', async () => {
    const result = await client().callEndpoint({
      path: '/flaky/v1/items/7',
      method: 'GET',
      payload: { depth: 2 },
    });
    expect(result).toEqual({ status: 200, body: { id: '7', query: { depth: '2' } } });
  });

  it('times out each attempt with the call’s own timeout', async () => {
    const error = await errorOf(
      client().callEndpoint({
        path: '/flaky/v1/hang',
        method: 'POST',
        payload: {},
        timeoutMs: 30,
        retries: 0,
      }),
    );
    expect(error).toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(error.message).toContain('no answer within 30 ms');
  });

  it('retries connection failures and reports them as network errors', async () => {
    const closed = Fastify();
    await closed.listen({ port: 0, host: '127.0.0.1' });
    const port = (closed.server.address() as { port: number }).port;
    await closed.close();
    const offline = new AgentClient({
      baseUrl: `http://127.0.0.1:${port}`,
      retries: 1,
      sleep: async (ms) => void delays.push(ms),
    });
    const error = await errorOf(offline.callEndpoint({ path: '/x', method: 'GET' }));
    expect(error).toMatchObject({ kind: 'network', attempts: 2 });
    expect(error.message).toContain('ECONNREFUSED');
    expect(delays).toHaveLength(1);
  });
});
