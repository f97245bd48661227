import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { randomSuffix } from '../memory/testing/wait-for';
import { serviceUrl } from '../testing/service-urls';
import { createAgentRuntime, postgresSchemas } from './create-agent-runtime';
import { faultBlueprint, packetFor, serveFaultAgent, type FaultAgent } from './testing/fault-agent';

const prefix = 'unstorable';
const sendPacket = (agent: FaultAgent, envelope: unknown) =>
  agent.server.app.inject({ method: 'POST', url: `/${prefix}/packets`, payload: envelope as object });

describe('text no backend can store is refused at the door', () => {
  let agent: FaultAgent;

  beforeAll(async () => {
    agent = serveFaultAgent(
      await createAgentRuntime(faultBlueprint('unstorable-memory', prefix), { L9_LOG_LEVEL: 'silent' }),
    );
  });

  afterAll(() => agent.close());

  it('answers a packet with a NUL in a header field with 400 naming the field, and leaves no trace of it', async () => {
    const envelope = { ...packetFor(agent, 'note', { text: 'fine' }), source_agent: 'fault\u0000tester' };
    const response = await sendPacket(agent, envelope);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'invalid_envelope',
      field: 'source_agent',
      message: 'source_agent: contains a NUL character (U+0000) at index 5, which cannot be stored',
    });
    expect(await agent.runtime.memory.episodic.query({ packet_id: envelope.packet_id })).toEqual([]);

    // Nothing was remembered: the corrected packet with the same id is processed.
    expect((await sendPacket(agent, { ...envelope, source_agent: 'fault-tester' })).statusCode).toBe(200);
  });

  it('names a lone surrogate in a payload key by its escaped path', async () => {
    const response = await sendPacket(agent, packetFor(agent, 'note', { outer: { ['k\uD800']: 1 } }));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: 'invalid_envelope',
      field: 'payload.outer.k\\ud800',
      message: expect.stringContaining('key contains a lone UTF-16 surrogate (U+D800)'),
    });
  });

  it('refuses an endpoint body or query string holding such text with 400 naming the field', async () => {
    const noted = await agent.server.app.inject({
      method: 'POST',
      url: `/${prefix}/v1/note`,
      payload: { text: ['ok', 'bad\u0000'] },
    });
    expect(noted.statusCode).toBe(400);
    expect(noted.json()).toMatchObject({
      error: 'invalid_payload',
      issues: [{ path: 'text.1', message: expect.stringContaining('NUL character') }],
    });
    const recalled = await agent.server.app.inject({ method: 'GET', url: `/${prefix}/v1/recall?key=a%00b` });
    expect(recalled.statusCode).toBe(400);
    expect(recalled.json()).toMatchObject({ error: 'invalid_payload', issues: [{ path: 'key' }] });
  });
});

const url = serviceUrl('postgres');
const ed25519PrivateKeyPem = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
if (url) {
  describe('a NUL packet among concurrent good ones on PostgreSQL', () => {
    const suffix = randomSuffix();
    const agentId = `unstorable-pg-${suffix}`;
    const env = {
      L9_PG_SCHEMA_PREFIX: `l9_unstorable_${suffix}`,
      L9_AUDIT_KEY: randomBytes(32).toString('hex'),
      L9_AUDIT_SIGNING_KEY: ed25519PrivateKeyPem(),
      L9_LOG_LEVEL: 'silent' as const,
    };
    const schemas = postgresSchemas(env);
    const admin = new Pool({
      connectionString: url,
      max: 1,
      application_name: `l9-unstorable-test-admin-${suffix}`,
    });
    let agent: FaultAgent;

    beforeAll(async () => {
      agent = serveFaultAgent(
        await createAgentRuntime(faultBlueprint(agentId, prefix), { ...env, L9_POSTGRES_URL: url }),
      );
    });

    afterAll(async () => {
      await agent?.close();
      for (const schema of Object.values(schemas))
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    });

    it('refuses the one and accepts, audits and stores all 30 others', async () => {
      const good = Array.from({ length: 30 }, (_, i) => packetFor(agent, 'note', { i }));
      const bad = { ...packetFor(agent, 'note', { i: 'bad' }), source_agent: 'evil\u0000agent' };
      const batch = [...good.slice(0, 15), bad, ...good.slice(15)];
      const statuses = (await Promise.all(batch.map((envelope) => sendPacket(agent, envelope)))).map(
        (response) => response.statusCode,
      );
      expect(statuses.filter((status) => status === 400)).toHaveLength(1);
      expect(statuses.filter((status) => status === 200)).toHaveLength(30);
      expect(statuses[15]).toBe(400);

      const audited = await admin.query<{ subject: string }>(
        `SELECT subject FROM "${schemas.audit}"."audit_${agentId.replace(/-/g, '_')}"`,
      );
      expect(audited.rows.map((row) => row.subject).sort()).toEqual(
        good.map((envelope) => envelope.packet_id).sort(),
      );
      const episodes = await admin.query<{ packet_id: string }>(
        `SELECT packet_id FROM "${schemas.memory}".episodes WHERE agent = $1`,
        [agentId],
      );
      expect(episodes.rows.map((row) => row.packet_id).sort()).toEqual(
        good.map((envelope) => envelope.packet_id).sort(),
      );
    });
  });
}
