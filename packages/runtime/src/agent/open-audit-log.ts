import { AuditLog, MemoryAuditStore, PostgresAuditStore, FileAuditStore, type AuditStore } from '../audit';

export interface AuditLogSettings {
  agentId: string;
  env: NodeJS.ProcessEnv;
  postgresUrl?: string;
  /** Schema of the audit tables on PostgreSQL (default `l9_audit`). */
  pgSchema?: string;
  /** Fallback HMAC key when `L9_AUDIT_KEY` is unset: the packet secret, if any. */
  packetSecret?: string;
}

/**
 * The agent's audit log: PostgreSQL when configured, a JSON-lines file when `L9_AUDIT_FILE` is set,
 * in memory otherwise. A persisted log needs a stable key (`L9_AUDIT_KEY`, or the packet secret) so it can
 * be verified after a restart; an in-memory log lives and dies with the process, so a random key is fine.
 */
export async function openAuditLog(settings: AuditLogSettings): Promise<AuditLog> {
  const { env } = settings;
  const file = env['L9_AUDIT_FILE'];
  const persisted = Boolean(settings.postgresUrl || file);
  const key = env['L9_AUDIT_KEY'] ?? settings.packetSecret ?? (persisted ? undefined : `in-process:${settings.agentId}:${process.pid}:${Date.now()}:${Math.random()}`);
  if (!key) {
    throw new Error(`L9_AUDIT_KEY is not set: a persisted audit log of ${settings.agentId} needs a stable HMAC key (or L9_PACKET_SECRET)`);
  }
  let store: AuditStore;
  if (settings.postgresUrl) {
    store = new PostgresAuditStore({ connectionString: settings.postgresUrl, schema: settings.pgSchema ?? 'l9_audit', table: `audit_${settings.agentId.replace(/-/g, '_')}`, poolConfig: { application_name: `l9-${settings.agentId}-audit`, max: 4 } });
  } else if (file) {
    store = new FileAuditStore({ path: file, fsync: true });
  } else {
    store = new MemoryAuditStore();
  }
  return AuditLog.open({ store, key });
}
