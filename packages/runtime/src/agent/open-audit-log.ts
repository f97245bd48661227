import { randomBytes } from 'node:crypto';
import {
  AuditLog,
  MemoryAuditStore,
  PostgresAuditStore,
  FileAuditStore,
  type AuditStore,
  type SignedAuditHead,
} from '../audit';
import { auditKeysFromEnv } from '../audit/audit-keys-from-env';

export interface AuditLogSettings {
  agentId: string;
  env: NodeJS.ProcessEnv;
  postgresUrl?: string;
  /** Schema of the audit tables on PostgreSQL (default `l9_audit`). */
  pgSchema?: string;
  /** The packet secret, if any: `L9_AUDIT_KEY` must differ from it. */
  packetSecret?: string;
  /** Receives every new signed head (the agent publishes it for witnesses). */
  onSignedHead?: (head: SignedAuditHead) => unknown;
}

/**
 * The agent's audit log: PostgreSQL when configured, a JSON-lines file when `L9_AUDIT_FILE` is set, in memory
 * otherwise. A persisted log needs its own keys (`L9_AUDIT_KEY`, `L9_AUDIT_SIGNING_KEY[_FILE]`, see
 * auditKeysFromEnv) and is verified when opened: one that no longer reaches its signed head is refused, so
 * the agent does not start on it. An in-memory log lives and dies with the process, so random keys are fine.
 */
export async function openAuditLog(settings: AuditLogSettings): Promise<AuditLog> {
  const { env, agentId } = settings;
  const file = env['L9_AUDIT_FILE'] || undefined;
  const table = `audit_${agentId.replace(/-/g, '_')}`;
  const schema = settings.pgSchema ?? 'l9_audit';
  const persistedAt = settings.postgresUrl ? `PostgreSQL table ${schema}.${table}` : file;
  const { hmacKey, signingKey } = auditKeysFromEnv(env, {
    persistedAt,
    packetSecret: settings.packetSecret,
    random: () => randomBytes(32).toString('hex'),
  });
  let store: AuditStore;
  if (settings.postgresUrl) {
    store = new PostgresAuditStore({
      connectionString: settings.postgresUrl,
      schema,
      table,
      poolConfig: { application_name: `l9-${agentId}-audit`, max: 4 },
    });
  } else if (file) {
    store = new FileAuditStore({ path: file, fsync: true });
  } else {
    store = new MemoryAuditStore();
  }
  try {
    return await AuditLog.open({
      store,
      key: hmacKey,
      signingKey,
      logId: agentId,
      onSignedHead: settings.onSignedHead,
    });
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}
