import { serviceUrl } from '../../testing/service-urls';
import { describeEpisodicLogContract } from '../testing/episodic-log-contract';
import { PostgresTestDatabases } from '../testing/postgres-test-databases';
import { PostgresEpisodicLog } from './postgres-episodic-log';

const url = serviceUrl('postgres');
if (url) {
  const databases = new PostgresTestDatabases(url);
  afterAll(() => databases.dispose());

  describeEpisodicLogContract('PostgreSQL', {
    create: async (retentionMs) => new PostgresEpisodicLog({ db: await databases.create(), retentionMs }),
  });
}
