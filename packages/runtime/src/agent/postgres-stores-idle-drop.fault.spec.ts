import { Client, Pool, type ClientConfig } from 'pg';
import { PostgresEscalationStore } from '../governance/postgres-escalation-store';
import { randomSuffix } from '../memory/testing/wait-for';
import { serviceUrl } from '../testing/service-urls';
import { PostgresAuditStore } from '../audit/postgres-audit-store';

const url = serviceUrl('postgres');
if (url) {
  describe('PostgreSQL stores of the audit log and of escalations when the server drops an idle connection', () => {
    const suffix = randomSuffix();
    const schema = `l9_test_${suffix}`;
    const admin = new Pool({ connectionString: url, max: 1, application_name: `l9-test-admin-${suffix}` });
    const clients: Client[] = [];
    // A pg Client that lets the test see when the connection it owns has been torn down on this side.
    class TrackedClient extends Client {
      constructor(config?: string | ClientConfig) {
        super(config);
        clients.push(this);
      }
    }

    beforeEach(() => {
      clients.splice(0);
    });

    afterAll(async () => {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    });

    async function terminateIdleConnections(applicationName: string): Promise<void> {
      const ended = clients.splice(0).map((client) => new Promise((resolve) => client.once('end', resolve)));
      const terminated = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );
      expect(terminated.rowCount).toBeGreaterThan(0);
      // Each connection is torn down while idle in its pool; before the fix the pool's unheard 'error' event was
      // thrown out of the socket handler, failing this test with "Unhandled error".
      await Promise.all(ended);
    }

    it('the audit store reconnects instead of crashing the process', async () => {
      const applicationName = `l9-test-audit-${suffix}`;
      const store = new PostgresAuditStore({
        connectionString: url,
        schema,
        table: 'audit_idle',
        poolConfig: { application_name: applicationName, Client: TrackedClient },
      });
      try {
        await store.init();
        await terminateIdleConnections(applicationName);
        expect(await store.health()).toMatchObject({ status: 'up' });
        expect(await store.head()).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('the escalation store reconnects instead of crashing the process', async () => {
      const applicationName = `l9-test-escalations-${suffix}`;
      const store = new PostgresEscalationStore({
        connectionString: url,
        schema,
        table: 'escalations_idle',
        poolConfig: { application_name: applicationName, Client: TrackedClient },
      });
      try {
        await store.init();
        await terminateIdleConnections(applicationName);
        expect(await store.health()).toMatchObject({ status: 'up' });
        expect(await store.list({ status: 'paused', limit: 10 })).toEqual({ records: [] });
      } finally {
        await store.close();
      }
    });
  });
}
