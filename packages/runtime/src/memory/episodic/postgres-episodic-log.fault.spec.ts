import { Pool } from 'pg';
import { serviceUrl } from '../../testing/service-urls';
import { BackendUnavailableError } from '../errors';
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
      proxy = await TcpProxy.startForPostgres(url);
      db = new PostgresDatabase({ url: proxy.through(url), schema, applicationName });
      log = new PostgresEpisodicLog({ db });
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
      // The first query may meet a connection the server just killed; the append is stored all the same.
      await log.append({ agent: 'a', kind: 'after-terminate', data: {} });
      expect(await log.health()).toMatchObject({ status: 'up' });
      expect(await kinds()).toEqual(['before-terminate', 'after-terminate']);
    });

    it('refuses appends during an outage instead of holding them in memory, and stores appends again afterwards', async () => {
      await proxy.interrupt();
      for (const kind of ['outage-1', 'outage-2']) {
        await expect(log.append({ agent: 'a', kind, data: { kind } })).rejects.toThrow(
          /^episodic-log is unavailable: append episode [0-9a-f-]{36} was not stored: PostgreSQL at postgres:\/\/.+ unreachable \(connection refused\)$/,
        );
      }
      await expect(log.query()).rejects.toThrow(BackendUnavailableError);
      expect(await log.health()).toMatchObject({
        name: 'episodic-log',
        kind: 'postgres',
        status: 'down',
        detail: 'connection refused',
      });

      await proxy.resume();
      await waitFor('the log to report healthy', async () => (await log.health()).status === 'up');
      const after = await log.append({ agent: 'a', kind: 'after-outage', data: {} });
      const stored = await log.query({ limit: 1000 });
      expect(stored.map((e) => e.kind)).toEqual(['before-terminate', 'after-terminate', 'after-outage']);
      expect(stored.at(-1)?.id).toBe(after.id);
    });
  });
}
