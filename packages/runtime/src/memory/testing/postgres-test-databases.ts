import { PostgresDatabase } from '../postgres/postgres-database';
import { randomSuffix } from './wait-for';

/**
 * Hands out databases bound to throwaway schemas `l9_test_<random>` on the shared server and drops
 * every one of them in `dispose()`. Each test gets its own schema, so tests never see each other's rows.
 */
export class PostgresTestDatabases {
  private readonly created: PostgresDatabase[] = [];

  constructor(
    private readonly url: string,
    readonly applicationName = `l9-test-${randomSuffix()}`,
  ) {}

  async create(): Promise<PostgresDatabase> {
    const db = new PostgresDatabase({
      url: this.url,
      schema: `l9_test_${randomSuffix()}`,
      applicationName: this.applicationName,
    });
    this.created.push(db);
    await db.ready();
    return db;
  }

  async dispose(): Promise<void> {
    for (const db of this.created.splice(0)) {
      await db.dropSchema();
      await db.close();
    }
  }
}
