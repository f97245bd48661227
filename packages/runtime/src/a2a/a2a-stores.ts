import type { PushNotificationStore, ServerCallContext, TaskStore } from '@a2a-js/sdk/server';
import type * as SdkDatabase from '@a2a-js/sdk/server/database';
import type * as KyselyModule from 'kysely';
import type { Pool } from 'pg';
import type { Backend, BackendHealth } from '../backend-health';
import { isPgConnectionError } from '../memory/postgres/pg-errors';
import { withSchemaLock } from '../postgres/schema-lock';
import { storePool } from '../postgres/store-pool';
import { BackendUnavailableError } from '../server/backend-unavailable-error';
import { DEFAULT_A2A_TASK_BUDGET, type A2ATaskBudget } from './a2a-task-budget';
import { BoundedPushConfigStore } from './bounded-push-config-store';
import { BoundedTaskStore } from './bounded-task-store';
import { a2aTableNames, createA2ATables, type A2ATableNames } from './postgres-a2a-tables';

/** The name `/health` lists the A2A stores under. */
export const A2A_STORE_NAME = 'a2a-tasks';

/** Where an agent keeps its A2A tasks and push notification configs. */
export interface A2AStores extends Backend {
  readonly tasks: TaskStore;
  readonly pushConfigs: PushNotificationStore;
  /** True when they outlive the process (PostgreSQL). */
  readonly durable: boolean;
}

export interface A2AStoreOptions {
  agentId: string;
  /** Set: PostgreSQL, in `pgSchema` (the agent's governance schema). Unset: in process memory. */
  postgresUrl?: string;
  pgSchema: string;
  /** In memory only: how many finished tasks are kept, and how long (a2a-task-budget.ts). */
  taskBudget?: A2ATaskBudget;
}

/**
 * PostgreSQL when `postgresUrl` is set (tasks survive restarts), else bounded in-memory stores: finished tasks
 * beyond the budget go, and their push notification configs with them.
 */
export function openA2AStores(options: A2AStoreOptions): A2AStores {
  if (!options.postgresUrl) {
    const pushConfigs = new BoundedPushConfigStore();
    return {
      tasks: new BoundedTaskStore({
        budget: options.taskBudget ?? DEFAULT_A2A_TASK_BUDGET,
        onEvict: (scope, taskId) => pushConfigs.forget(scope, taskId),
      }),
      pushConfigs,
      durable: false,
      health: async () => ({ name: A2A_STORE_NAME, kind: 'memory', status: 'up' }),
      close: async () => undefined,
    };
  }
  return new PostgresA2AStores(options.agentId, options.postgresUrl, options.pgSchema);
}

/*
 * kysely and the SDK's database stores load only when PostgreSQL is configured: an agent on in-process backends
 * never opens a connection and should not carry them.
 */
function kysely(): typeof KyselyModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('kysely') as typeof KyselyModule;
}

function sdkDatabase(): typeof SdkDatabase {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@a2a-js/sdk/server/database') as typeof SdkDatabase;
}

/**
 * The SDK's DatabaseTaskStore and DatabasePushNotificationStore over one small pool, on tables created at first
 * use (see postgres-a2a-tables.ts). A refused or lost connection becomes a BackendUnavailableError naming
 * `a2a-tasks`, so nothing is acknowledged that the database did not take.
 */
class PostgresA2AStores implements A2AStores {
  readonly durable = true;
  readonly tasks: TaskStore;
  readonly pushConfigs: PushNotificationStore;
  private readonly names: A2ATableNames;
  private readonly pool: Pool;
  private readonly db: KyselyModule.Kysely<unknown>;
  private ready?: Promise<void>;

  constructor(agentId: string, connectionString: string, pgSchema: string) {
    this.names = a2aTableNames(agentId, pgSchema);
    this.pool = storePool(
      { connectionString, poolConfig: { application_name: `l9-${agentId}-a2a`, max: 2 } },
      'A2A task store',
    ).pool;
    const { Kysely, PostgresDialect } = kysely();
    this.db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: this.pool }) });
    const { DatabaseTaskStore, DatabasePushNotificationStore } = sdkDatabase();
    const scoped = this.db.withSchema(this.names.schema);
    const tasks = new DatabaseTaskStore(scoped, { tableName: this.names.tasks });
    const pushConfigs = new DatabasePushNotificationStore(scoped, { tableName: this.names.pushConfigs });
    this.tasks = {
      save: (task, context) => this.run(() => tasks.save(task, context)),
      load: (taskId, context) => this.run(() => tasks.load(taskId, context)),
      list: (params, context) => this.run(() => tasks.list(params, context)),
    };
    this.pushConfigs = {
      save: (taskId, context: ServerCallContext, config) =>
        this.run(() => pushConfigs.save(taskId, context, config)),
      load: (taskId, context) => this.run(() => pushConfigs.load(taskId, context)),
      loadWithMetadata: (taskId, context) => this.run(() => pushConfigs.loadWithMetadata(taskId, context)),
      delete: (taskId, context, configId) => this.run(() => pushConfigs.delete(taskId, context, configId)),
    };
  }

  /** Creates the schema and tables if missing; every store call does it first. */
  init(): Promise<void> {
    this.ready ??= withSchemaLock(this.pool, this.names.schema, (client) =>
      createA2ATables(client, this.names),
    ).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      await this.init();
      return await work();
    } catch (error) {
      if (isPgConnectionError(error))
        throw new BackendUnavailableError(A2A_STORE_NAME, `PostgreSQL: ${(error as Error).message}`);
      throw error;
    }
  }

  async health(): Promise<BackendHealth> {
    try {
      await this.init();
      await this.pool.query('SELECT 1');
      return { name: A2A_STORE_NAME, kind: 'postgres', status: 'up' };
    } catch (error) {
      return { name: A2A_STORE_NAME, kind: 'postgres', status: 'down', detail: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    // Ends the pool it was built on, which this store owns.
    await this.db.destroy();
  }
}
