import { Pool } from 'pg';
import { throwawaySecrets } from '../config/throwaway-secrets';
import { TcpProxy } from '../memory/testing/tcp-proxy';
import { randomSuffix, waitFor } from '../memory/testing/wait-for';
import { serviceUrl } from '../testing/service-urls';
import { createAgentRuntime, postgresSchemas } from './create-agent-runtime';
import { faultBlueprint, healthOf, packetFor, serveFaultAgent, type FaultAgent } from './testing/fault-agent';

const url = serviceUrl('postgres');
if (url) {
  // The agent reaches the shared PostgreSQL through a private proxy this file cuts; its tables live in schemas of
  // its own (L9_PG_SCHEMA_PREFIX), dropped afterwards. The shared server itself is never touched.
  describe('an agent on PostgreSQL when the database goes away mid-run and comes back', () => {
    const suffix = randomSuffix();
    const agentId = `fault-pg-${suffix}`;
    const prefix = 'faultpg';
    // The audit keys its persisted log needs; no packet secret, so the test's unsigned packets stay accepted.
    const { L9_PACKET_SECRET: _noPacketAuth, ...auditKeys } = throwawaySecrets();
    const env = { ...auditKeys, L9_PG_SCHEMA_PREFIX: `l9_fault_${suffix}`, L9_LOG_LEVEL: 'silent' };
    const schemas = postgresSchemas(env);
    const admin = new Pool({
      connectionString: url,
      max: 1,
      application_name: `l9-fault-test-admin-${suffix}`,
    });
    let proxy: TcpProxy;
    let agent: FaultAgent;

    beforeAll(async () => {
      proxy = await TcpProxy.startForPostgres(url);
      agent = serveFaultAgent(
        await createAgentRuntime(faultBlueprint(agentId, prefix), {
          ...env,
          L9_POSTGRES_URL: proxy.through(url),
        }),
      );
    });

    afterAll(async () => {
      await proxy.resume();
      await agent?.close();
      for (const schema of Object.values(schemas))
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
      await proxy.interrupt();
    });

    const note = (text: string) =>
      agent.server.app.inject({ method: 'POST', url: `/${prefix}/v1/note`, payload: { text } });
    const sendPacket = (envelope: ReturnType<typeof packetFor>) =>
      agent.server.app.inject({ method: 'POST', url: `/${prefix}/packets`, payload: envelope });
    const storedEpisodes = async () =>
      (
        await admin.query<{ id: string; kind: string; packet_id: string | null }>(
          `SELECT id, kind, packet_id FROM "${schemas.memory}".episodes WHERE agent = $1 ORDER BY seq`,
          [agentId],
        )
      ).rows;
    const auditedPacketIds = async () =>
      (
        await admin.query<{ subject: string }>(
          `SELECT subject FROM "${schemas.audit}"."audit_${agentId.replace(/-/g, '_')}" WHERE action = 'packet.received' ORDER BY seq`,
        )
      ).rows.map((r) => r.subject);

    it('keeps its tables in the schemas L9_PG_SCHEMA_PREFIX names', async () => {
      expect((await note('placed')).statusCode).toBe(200);
      expect((await sendPacket(packetFor(agent, 'note', {}))).statusCode).toBe(200);
      const found = await admin.query<{ table_schema: string }>(
        `SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_schema = ANY($1) ORDER BY table_schema`,
        [[schemas.memory, schemas.audit]],
      );
      expect(found.rows.map((r) => r.table_schema)).toEqual([schemas.audit, schemas.memory].sort());
      expect(await auditedPacketIds()).toHaveLength(1);
    });

    it('keeps serving when the server terminates its connections', async () => {
      const terminated = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE $1',
        [`l9-${agentId}%`],
      );
      expect(terminated.rowCount).toBeGreaterThan(0);
      // Pools notice the dead connections and open new ones; health says so once they have.
      await waitFor(
        'health to report every backend up',
        async () => (await healthOf(agent)).statusCode === 200,
      );
      const response = await note('after terminate');
      expect(response.statusCode).toBe(200);
      const envelope = packetFor(agent, 'note', { after: 'terminate' });
      expect((await sendPacket(envelope)).statusCode).toBe(200);
      expect((await storedEpisodes()).map((e) => e.id)).toContain(response.json().episode_id);
      expect(await auditedPacketIds()).toContain(envelope.packet_id);
    });

    it('refuses unstorable episodes and unauditable packets with 503, reports degraded, and recovers without loss', async () => {
      const acknowledgedEpisodes: string[] = [];
      const processedPackets: string[] = [];
      for (let i = 0; i < 2; i += 1) {
        const response = await note(`before ${i}`);
        expect(response.statusCode).toBe(200);
        acknowledgedEpisodes.push(response.json().episode_id);
        const envelope = packetFor(agent, 'note', { before: i });
        expect((await sendPacket(envelope)).statusCode).toBe(200);
        processedPackets.push(envelope.packet_id);
      }

      await proxy.interrupt();
      await waitFor('health to report the outage', async () => (await healthOf(agent)).statusCode === 503);
      const degraded = await healthOf(agent);
      expect(degraded).toMatchObject({
        status: 'degraded',
        down: ['a2a-tasks', 'audit-log', 'governance', 'memory', 'replay-guard'],
      });

      // An endpoint call whose episode PostgreSQL cannot store is refused, not acknowledged from process memory:
      // governance, which looks for an escalation already holding the call on PostgreSQL, is the first to say so.
      for (let i = 0; i < 3; i += 1) {
        const response = await note(`during ${i}`);
        expect(response.statusCode).toBe(503);
        expect(response.json()).toMatchObject({
          error: 'backend_unavailable',
          message: expect.stringMatching(/^governance is unavailable: PostgreSQL: /),
        });
      }
      // A packet must be checked against replays and audited before it is handled: without PostgreSQL it is
      // refused, not acknowledged (the replay guard, on PostgreSQL too, is the first to say so).
      const refused = packetFor(agent, 'note', { during: true });
      const answer = await sendPacket(refused);
      expect(answer.statusCode).toBe(503);
      expect(answer.json()).toMatchObject({
        error: 'backend_unavailable',
        message: expect.stringMatching(/^replay guard \(postgres\) is unavailable/),
      });
      expect((await healthOf(agent)).details['memory']).toContain(`episodic-log: `);

      await proxy.resume();
      await waitFor('health to recover', async () => (await healthOf(agent)).statusCode === 200);
      expect(await healthOf(agent)).toMatchObject({ status: 'ok', down: [] });

      // Every acknowledged episode is in PostgreSQL, in the order it was acknowledged.
      const stored = await storedEpisodes();
      const storedIds = stored.map((e) => e.id);
      expect(storedIds.filter((id) => acknowledgedEpisodes.includes(id))).toEqual(acknowledgedEpisodes);
      expect(stored.filter((e) => e.packet_id === refused.packet_id)).toEqual([]);

      // The refused packet was not remembered as processed: sent again, it is audited and handled now.
      expect((await sendPacket(refused)).statusCode).toBe(200);
      processedPackets.push(refused.packet_id);
      expect((await storedEpisodes()).filter((e) => e.packet_id === refused.packet_id)).toHaveLength(1);

      // The audit chain has every processed packet exactly once, and verifies (with the endpoint calls' entries).
      const audited = await auditedPacketIds();
      expect(audited.slice(-processedPackets.length)).toEqual(processedPackets);
      const verification = await agent.runtime.audit.verify();
      expect(verification).toMatchObject({ ok: true, checked: (await agent.runtime.audit.entries()).length });
    });
  });
}
