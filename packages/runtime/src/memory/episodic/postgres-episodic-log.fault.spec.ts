import { Pool } from 'pg';
import { serviceUrl } from '../../testing/service-urls';
import { BackendUnavailableError, OutboxFullError } from '../errors';
import { PostgresDatabase } from '../postgres/postgres-database';
import { TcpProxy } from '../testing/tcp-proxy';
import { randomSuffix, waitFor } from '../testing/wait-for';
import { PostgresEpisodicLog } from './postgres-episodic-log';

const url = serviceUrl('postgres');
if (url) {
  describe('PostgresEpisodicLog when PostgreSQL goes away', () => {
    const applicationName = `l9-test-episodic-fault-${randomSuffix()}`;
    const schema = `l9_test_${randomSuffix()}`;
    const admin = new Pool({ connectionString: url, max: 1, application_name: `${applicationName}-admin` });
    let proxy: TcpProxy;
    let db: PostgresDatabase;
    let log: PostgresEpisodicLog;

    beforeAll(async () => {
      const target = new URL(url);
      proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
      const throughProxy = new URL(url);
      throughProxy.hostname = '127.0.0.1';
      throughProxy.port = String(proxy.port);
      db = new PostgresDatabase({ url: throughProxy.toString(), schema, applicationName });
      log = new PostgresEpisodicLog({ db, outboxCapacity: 4, retryIntervalMs: 50 });
      await db.ready();
    });

    afterAll(async () => {
      await proxy.resume().catch(() => undefined);
      await log.close().catch(() => undefined);
      await db.close();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
      await proxy.interrupt();
    });

    const kinds = async () => (await log.query({ limit: 1000 })).map((e) => e.kind);

    it('survives its own connections being terminated by the server', async () => {
      await log.append({ agent: 'a', kind: 'before-terminate', data: {} });
      const terminated = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );
      expect(terminated.rowCount).toBeGreaterThan(0);
      await log.append({ agent: 'a', kind: 'after-terminate', data: {} });
      await waitFor('the log to report healthy', async () => (await log.health()).status === 'up');
      expect(await kinds()).toEqual(['before-terminate', 'after-terminate']);
    });

    it('buffers appends through an outage, refuses beyond capacity, then delivers them in order', async () => {
      await proxy.interrupt();
      const buffered = [];
      for (const kind of ['outage-1', 'outage-2', 'outage-3', 'outage-4']) buffered.push(await log.append({ agent: 'a', kind, data: { kind } }));
      await expect(log.append({ agent: 'a', kind: 'overflow', data: {} })).rejects.toThrow(OutboxFullError);
      await expect(log.query()).rejects.toThrow(BackendUnavailableError);
      const degraded = await log.health();
      expect(degraded).toMatchObject({ name: 'episodic-log', kind: 'postgres', status: 'down' });
      expect(degraded.detail).toMatch(/connection refused; 4 writes pending/);

      await proxy.resume();
      await waitFor('the outbox to drain', async () => (await log.health()).status === 'up');
      const stored = await log.query({ limit: 1000 });
      expect(stored.map((e) => e.kind)).toEqual(['before-terminate', 'after-terminate', 'outage-1', 'outage-2', 'outage-3', 'outage-4']);
      expect(stored.slice(2).map((e) => e.id)).toEqual(buffered.map((e) => e.id));
    });
  });
}
