import type { AgentBlueprint } from '../agent/agent-blueprint';
import { serveAgent, type RunningAgent } from '../agent/serve-agent';
import { createTestRuntime } from '../agent/test-runtime';
import { issueCallerToken } from '../caller/caller-token';

const SECRET = 'inspection-test-secret';

function blueprint(id: string, prefix: string, mode: AgentBlueprint['governance']['mode']): AgentBlueprint {
  return {
    identity: { id, name: id, version: '1.0.0', routePrefix: prefix },
    port: 0,
    governance: { anchors: ['Igor'], mode, humanoverride: true },
    memory: {},
    auditScope: [],
    featureFlags: { L9_ENABLE_AUDIT_LOG: true },
    peers: [],
  };
}

async function start(
  id: string,
  prefix: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ agent: RunningAgent; url: string }> {
  const runtime = await createTestRuntime(blueprint(id, prefix, 'hybrid'), {
    L9_PACKET_SECRET: SECRET,
    L9_ENABLE_INSPECTION: 'true',
    ...env,
  });
  const agent = serveAgent(runtime, { endpoints: [], modules: {} });
  return { agent, url: await agent.listen(0, '127.0.0.1') };
}

describe('inspection routes', () => {
  let sender: { agent: RunningAgent; url: string };
  let receiver: { agent: RunningAgent; url: string };

  beforeAll(async () => {
    receiver = await start('receiver-agent', 'receiver');
    sender = await start('sender-agent', 'sender', { L9_PEER_RECEIVER_AGENT_URL: receiver.url });
  });

  afterAll(async () => {
    await sender.agent.close();
    await receiver.agent.close();
  });

  // Bodies are checked field by field below, so they are read untyped.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = (response: Response): Promise<any> => response.json();
  // With packet auth on every inspection route takes a caller token for its agent (`/receiver/…` → receiver-agent).
  const tokenFor = (path: string) =>
    issueCallerToken({ secret: SECRET, caller: 'integration-run', agent: `${path.split('/')[1]}-agent` });
  const get = async (base: string, path: string) =>
    json(await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${await tokenFor(path)}` } }));
  const send = async (body: object) =>
    fetch(`${sender.url}/sender/inspection/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('/sender')}` },
      body: JSON.stringify(body),
    });

  it('refuses every inspection route to a caller without a token while packet auth is on', async () => {
    for (const [method, path] of [
      ['GET', '/receiver/inspection'],
      ['GET', '/receiver/inspection/audit'],
      ['GET', '/receiver/inspection/episodes'],
      ['POST', '/receiver/inspection/send'],
    ] as const) {
      const response = await fetch(`${receiver.url}${path}`, {
        method,
        ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
      });
      expect([path, response.status, (await json(response)).error]).toEqual([
        path,
        401,
        'caller_token_required',
      ]);
    }
  });

  it('describes the agent: governance mode, escalation flags and the inbox on its topic', async () => {
    expect(await get(receiver.url, '/receiver/inspection')).toEqual({
      agent: 'receiver-agent',
      name: 'receiver-agent',
      governance: { mode: 'hybrid', escalation_flags: ['requires_approval', 'escalate'], calm_signals: {} },
      stream: {
        topic: 'agent.receiver-agent',
        consumer: 'inspection-inbox',
        handled: { dispatched: 0, recorded: 0, escalated: 0, rejected: 0 },
      },
    });
  });

  it('sends over REST as the agent and records the exchange on both sides', async () => {
    const response = await send({
      to: 'receiver-agent',
      route_prefix: 'receiver',
      via: 'rest',
      packet_type: 'probe',
      payload: { note: 'hello' },
    });
    expect(response.status).toBe(200);
    const { envelope, reply } = await json(response);
    expect(envelope.source_agent).toBe('sender-agent');
    expect(reply.status).toBe(200);
    expect(reply.envelope.lineage.parent_ids).toContain(envelope.packet_id);
    expect(reply.envelope.metadata.trace_id).toBe(envelope.metadata.trace_id);
    const received = await get(receiver.url, `/receiver/inspection/audit?subject=${envelope.packet_id}`);
    expect(received.chain_ok).toBe(true);
    expect(received.entries).toEqual([
      expect.objectContaining({
        action: 'packet.received',
        agent: 'receiver-agent',
        data: expect.objectContaining({ trace_id: envelope.metadata.trace_id }),
      }),
    ]);
    expect(
      (await get(receiver.url, `/receiver/inspection/episodes?packet_id=${envelope.packet_id}`)).episodes,
    ).toEqual([expect.objectContaining({ kind: 'packet.probe' })]);
    const sent = await get(sender.url, `/sender/inspection/audit?trace_id=${envelope.metadata.trace_id}`);
    expect(sent.entries).toEqual([
      expect.objectContaining({
        action: 'packet.sent',
        subject: envelope.packet_id,
        data: expect.objectContaining({ reply_status: 200, reply_packet_id: reply.envelope.packet_id }),
      }),
    ]);
    expect(
      (
        await get(
          sender.url,
          `/sender/inspection/episodes?kind=packet.sent&trace_id=${envelope.metadata.trace_id}`,
        )
      ).episodes,
    ).toHaveLength(1);
  });

  it('answers 202 with a paused escalation when the envelope carries requires_approval', async () => {
    const response = await send({
      to: 'receiver-agent',
      route_prefix: 'receiver',
      via: 'rest',
      packet_type: 'probe',
      payload: {},
      governance_flags: ['requires_approval'],
    });
    const { reply } = await json(response);
    expect(reply.status).toBe(202);
    const { escalations } = await get(receiver.url, '/receiver/escalations?status=paused');
    expect(escalations.map((e: { id: string }) => e.id)).toContain(reply.envelope.payload.escalation_id);
  });

  it('publishes on the stream as the agent; the inbox audits and records what arrives', async () => {
    const response = await fetch(`${receiver.url}/receiver/inspection/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('/receiver')}` },
      body: JSON.stringify({
        to: 'receiver-agent',
        via: 'stream',
        packet_type: 'probe',
        payload: { note: 'loop' },
      }),
    });
    const { envelope, published } = await json(response);
    expect(published.topic).toBe('agent.receiver-agent');
    const episodes = async () =>
      (
        await get(
          receiver.url,
          `/receiver/inspection/episodes?packet_id=${envelope.packet_id}&kind=event.probe`,
        )
      ).episodes;
    while ((await episodes()).length === 0) await new Promise((resolve) => setImmediate(resolve));
    const audit = await get(receiver.url, `/receiver/inspection/audit?subject=${envelope.packet_id}`);
    expect(audit.entries.map((e: { action: string }) => e.action).sort()).toEqual([
      'event.published',
      'event.received',
    ]);
  });

  it('refuses a destination it cannot reach and a malformed request, saying why', async () => {
    const unknown = await send({
      to: 'nobody',
      route_prefix: 'nobody',
      via: 'rest',
      packet_type: 'probe',
      payload: {},
    });
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).message).toMatch(/L9_PEER_NOBODY_URL/);
    const malformed = await send({ to: 'receiver-agent', via: 'pigeon', packet_type: 'probe', payload: {} });
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).message).toMatch(/via/);
  });
});
