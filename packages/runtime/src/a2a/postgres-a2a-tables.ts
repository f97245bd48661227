import type { PoolClient } from 'pg';
import { sqlIdentifier } from '../audit/sql-identifier';

/** The tables of one agent's A2A tasks and push notification configs, in its governance schema. */
export interface A2ATableNames {
  schema: string;
  tasks: string;
  pushConfigs: string;
}

/** `a2a_tasks_<agent>` and `a2a_push_<agent>` (agent id with `_` for `-`), in `schema`. */
export function a2aTableNames(agentId: string, schema: string): A2ATableNames {
  const agent = agentId.replace(/-/g, '_');
  const names = { schema, tasks: `a2a_tasks_${agent}`, pushConfigs: `a2a_push_${agent}` };
  // Checked here so a name PostgreSQL would truncate or refuse stops the start with a message naming it.
  sqlIdentifier(names.schema, 'A2A schema');
  sqlIdentifier(names.tasks, 'A2A task table');
  sqlIdentifier(names.pushConfigs, 'A2A push config table');
  return names;
}

function indexName(table: string, suffix: string): string {
  return sqlIdentifier(`${table.slice(0, 62 - suffix.length)}_${suffix}`, 'A2A index');
}

/**
 * Creates the schema and both tables if missing, with the columns, keys and indexes the SDK's own migrations
 * (`a2a-db upgrade`, migration 0001 of each store) give them, so its DatabaseTaskStore and
 * DatabasePushNotificationStore read and write them unchanged. Run under the schema's advisory lock (see
 * withSchemaLock) like every other creator of l9 schema objects.
 */
export async function createA2ATables(client: PoolClient, names: A2ATableNames): Promise<void> {
  const schema = sqlIdentifier(names.schema, 'A2A schema');
  const tasks = `${schema}.${sqlIdentifier(names.tasks, 'A2A task table')}`;
  const push = `${schema}.${sqlIdentifier(names.pushConfigs, 'A2A push config table')}`;
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${tasks} (
    tenant varchar(255) COLLATE "C" NOT NULL,
    owner varchar(255) COLLATE "C" NOT NULL,
    id varchar(36) COLLATE "C" NOT NULL,
    context_id varchar(36) COLLATE "C" NOT NULL,
    status_last_updated bigint NOT NULL,
    status_state varchar(255) COLLATE "C",
    status text,
    artifacts text,
    history text,
    metadata text,
    protocol_version varchar(255),
    CONSTRAINT ${indexName(names.tasks, 'pkey')} PRIMARY KEY (tenant, owner, id)
  )`);
  await client.query(
    `CREATE INDEX IF NOT EXISTS ${indexName(names.tasks, 'scope_updated_idx')} ON ${tasks} (tenant, owner, status_last_updated, id)`,
  );
  await client.query(
    `CREATE INDEX IF NOT EXISTS ${indexName(names.tasks, 'scope_context_idx')} ON ${tasks} (tenant, owner, context_id, status_last_updated, id)`,
  );
  await client.query(`CREATE TABLE IF NOT EXISTS ${push} (
    tenant varchar(255) COLLATE "C" NOT NULL,
    owner varchar(255) COLLATE "C" NOT NULL,
    task_id varchar(36) COLLATE "C" NOT NULL,
    config_id varchar(36) COLLATE "C" NOT NULL,
    config_data text,
    protocol_version varchar(255),
    CONSTRAINT ${indexName(names.pushConfigs, 'pkey')} PRIMARY KEY (tenant, owner, task_id, config_id)
  )`);
}
