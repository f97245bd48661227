import { createServer } from 'node:net';
import { AgentClient } from '../client';
import { createEnvelope } from '../envelope/create-envelope';
import type { PacketEnvelope } from '../envelope/envelope-schema';
import type { AgentBlueprint, PeerAgent } from './agent-blueprint';
import { createAgentRuntime } from './create-agent-runtime';
import { peerUrlVariable } from './peer-directory';
import { serveAgent, type RunningAgent } from './serve-agent';

/** Three agents in a line, as in the example: adapter → main → scorer, each knowing only the next one. */
function blueprint(id: string, prefix: string, peers: PeerAgent[]): AgentBlueprint {
  return {
    identity: { id, name: `${id}-name`, version: '1.0.0', routePrefix: prefix },
    port: 0,
    governance: { anchors: ['Igor'], mode: 'autonomous', humanoverride: true },
    memory: {},
    auditScope: [],
    featureFlags: { L9_ENABLE_AUDIT_LOG: true },
    peers,
  };
}

const peer = (id: string, routePrefix: string): PeerAgent => ({
  id,
  name: `${id}-name`,
  routePrefix,
  port: 1,
  kind: 'hard',
});

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('forwarding along payload.route', () => {
  const agents: RunningAgent<object>[] = [];
  const received: PacketEnvelope[] = [];
  let adapterUrl: string;

  beforeAll(async () => {
    const scorerRuntime = await createAgentRuntime(blueprint('scorer', 'scorer', []), {
      L9_LOG_LEVEL: 'silent',
    });
    scorerRuntime.operations.register({
      name: 'score',
      handle: async (input) => ({ score: Number(input['value']) * 2 }),
    });
    const recorder = {
      handlePacket: async (envelope: PacketEnvelope) => {
        received.push(envelope);
        return { payload: await scorerRuntime.operations.dispatch('score', envelope.payload, {}) };
      },
    };
    const scorer = serveAgent(scorerRuntime, { endpoints: [], modules: { recorder } });
    const scorerUrl = await scorer.listen(0, '127.0.0.1');
    const mainRuntime = await createAgentRuntime(blueprint('main', 'main', [peer('scorer', 'scorer')]), {
      L9_LOG_LEVEL: 'silent',
      [peerUrlVariable('scorer')]: scorerUrl,
    });
    const main = serveAgent(mainRuntime, { endpoints: [], modules: {} });
    const mainUrl = await main.listen(0, '127.0.0.1');
    const missing = `http://127.0.0.1:${await closedPort()}`;
    const adapterEnv = {
      L9_LOG_LEVEL: 'silent',
      [peerUrlVariable('main')]: mainUrl,
      [peerUrlVariable('gone')]: missing,
    };
    const adapterRuntime = await createAgentRuntime(
      blueprint('adapter', 'adapter', [peer('main', 'main'), peer('gone', 'gone')]),
      adapterEnv,
    );
    const adapter = serveAgent(adapterRuntime, { endpoints: [], modules: {} });
    adapterUrl = await adapter.listen(0, '127.0.0.1');
    agents.push(scorer, main, adapter);
  });

  afterAll(async () => {
    for (const agent of agents.reverse()) await agent.close();
  });

  const send = (payload: Record<string, unknown>) => {
    const envelope = createEnvelope({
      packet_type: 'score',
      source_agent: 'caller',
      destination_agent: 'adapter',
      payload: payload as never,
    });
    return {
      envelope,
      reply: new AgentClient({ baseUrl: adapterUrl, retries: 0 }).sendPacket(envelope, 'adapter'),
    };
  };

  it('passes the packet hop by hop and answers with the last agent’s answer and the path', async () => {
    const { envelope, reply } = send({ value: 21, route: ['main', 'scorer'] });
    const answer = await reply;
    expect(answer.status).toBe(200);
    expect(answer.envelope.packet_type).toBe('score.result');
    expect(answer.envelope.payload).toEqual({
      routed_path: ['adapter', 'main', 'scorer'],
      answer: { score: 42 },
    });
    const last = received.at(-1)!;
    expect(last.payload).toEqual({ value: 21 });
    expect(last.metadata.trace_id).toBe(envelope.metadata.trace_id);
    expect(last.lineage.root_packet_id).toBe(envelope.lineage.root_packet_id);
    expect(last.lineage.generation).toBe(envelope.lineage.generation + 2);
    expect(last.source_agent).toBe('main');
  });

  it('accepts a route that starts with the receiving agent, by id or by name', async () => {
    const answer = await send({ value: 5, route: ['adapter', 'main-name', 'scorer'] }).reply;
    expect(answer.envelope.payload).toEqual({
      routed_path: ['adapter', 'main', 'scorer'],
      answer: { score: 10 },
    });
  });

  it('refuses a hop that is not a peer, naming the peers it has', async () => {
    const answer = await send({ value: 1, route: ['scorer'] }).reply;
    expect(answer.envelope.packet_type).toBe('score.rejected');
    expect(answer.envelope.payload).toEqual({
      error: 'no_route',
      message: "adapter-name cannot forward to 'scorer': not one of its peers (main, gone)",
    });
  });

  it('refuses a route that is not a list of agent names', async () => {
    const answer = await send({ value: 1, route: 'main' }).reply;
    expect(answer.envelope.payload).toMatchObject({ error: 'invalid_route' });
  });

  it('says where delivery failed when the next hop does not answer', async () => {
    const answer = await send({ value: 1, route: ['gone'] }).reply;
    expect(answer.envelope.packet_type).toBe('score.undeliverable');
    expect(answer.envelope.payload).toMatchObject({ error: 'route_failed', at: 'adapter', next: 'gone' });
    expect(String(answer.envelope.payload['message'])).toContain('ECONNREFUSED');
  });
});
