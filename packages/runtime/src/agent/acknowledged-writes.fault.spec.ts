import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { createEnvelope } from '../envelope/create-envelope';
import { TcpProxy } from '../memory/testing/tcp-proxy';
import { randomSuffix, waitFor } from '../memory/testing/wait-for';
import { serviceUrl } from '../testing/service-urls';
import { postgresSchemas } from './create-agent-runtime';
import { type ChildFaultAgent, startChildFaultAgent } from './testing/child-fault-agent';

const url = serviceUrl('postgres');
if (url) {
  // The agent runs as a child process that the test kills with SIGKILL; it reaches the shared PostgreSQL through a
  // private proxy this file cuts, and keeps its tables in schemas of its own, dropped afterwards.
  describe('an agent killed with SIGKILL during a PostgreSQL outage', () => {
    const suffix = randomSuffix();
    const agentId = `kill-pg-${suffix}`;
    const prefix = 'killpg';
    // The audit log outlives each process here, so it has keys that the restarted agent reuses.
    const env = {
      L9_PG_SCHEMA_PREFIX: `l9_kill_${suffix}`,
      L9_AUDIT_KEY: randomBytes(32).toString('hex'),
      L9_AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      L9_LOG_LEVEL: 'silent',
    };
    const schemas = postgresSchemas(env);
    const admin = new Pool({
      connectionString: url,
      max: 1,
      application_name: `l9-kill-test-admin-${suffix}`,
    });
    let proxy: TcpProxy;
    let agent: ChildFaultAgent | undefined;

    beforeAll(async () => {
      proxy = await TcpProxy.startForPostgres(url);
    });

    afterAll(async () => {
      await agent?.kill();
      await proxy.interrupt();
      for (const schema of Object.values(schemas))
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    });

    const start = () => {
      return startChildFaultAgent(agentId, prefix, { ...env, L9_POSTGRES_URL: proxy.through(url) });
    };
    const post = (path: string, body: unknown) =>
      fetch(`${agent!.url}/${prefix}/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const health = async () => (await fetch(`${agent!.url}/${prefix}/health`)).status;

    const acknowledgedEpisodes: string[] = [];
    const acknowledgedPackets: string[] = [];
    /** One note (an episode) and one packet (an audit entry and an episode); records what was acknowledged. */
    async function writeBoth(label: string): Promise<number[]> {
      const envelope = createEnvelope({
        packet_type: 'note',
        source_agent: 'kill-tester',
        destination_agent: agentId,
        payload: { label },
      });
      const [noted, sent] = await Promise.all([post('v1/note', { text: label }), post('packets', envelope)]);
      if (noted.status < 300)
        acknowledgedEpisodes.push(((await noted.json()) as { episode_id: string }).episode_id);
      if (sent.status < 300) acknowledgedPackets.push(envelope.packet_id);
      return [noted.status, sent.status];
    }

    it('has stored every write it acknowledged once it runs again with PostgreSQL back', async () => {
      agent = await start();
      for (let i = 0; i < 3; i += 1) expect(await writeBoth(`before ${i}`)).toEqual([200, 200]);

      // The outage begins while writes are in flight: whatever each of them was answered, a 2xx must be stored.
      const racing = Array.from({ length: 8 }, (_, i) => writeBoth(`racing ${i}`));
      await proxy.interrupt();
      await Promise.all(racing);
      // Once the database is unreachable, nothing is acknowledged: a note whose episode cannot be stored is refused
      // with 503, and no packet is acknowledged either.
      for (let i = 0; i < 3; i += 1) {
        const [noted, sent] = await writeBoth(`during ${i}`);
        expect(noted).toBe(503);
        expect(sent).toBeGreaterThanOrEqual(500);
      }

      await agent.kill();
      await proxy.resume();
      agent = await start();
      await waitFor('the restarted agent to report healthy', async () => (await health()) === 200);

      const episodes = await admin.query<{ id: string }>(`SELECT id FROM "${schemas.memory}".episodes`);
      const storedEpisodes = new Set(episodes.rows.map((row) => row.id));
      expect(acknowledgedEpisodes.filter((id) => !storedEpisodes.has(id))).toEqual([]);
      const audited = await admin.query<{ subject: string }>(
        `SELECT subject FROM "${schemas.audit}"."audit_${agentId.replace(/-/g, '_')}"`,
      );
      const auditedPackets = new Set(audited.rows.map((row) => row.subject));
      expect(acknowledgedPackets.filter((id) => !auditedPackets.has(id))).toEqual([]);
      expect(acknowledgedEpisodes.length).toBeGreaterThanOrEqual(3);
      expect(acknowledgedPackets.length).toBeGreaterThanOrEqual(3);

      // And it serves again: a write now is acknowledged and stored.
      expect(await writeBoth('after restart')).toEqual([200, 200]);
    }, 120_000);
  });
}
