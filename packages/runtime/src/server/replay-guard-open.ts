import type { AuditLog } from '../audit/audit-log';
import { connectRedis } from '../memory/redis-client';
import { AuditFileReplayGuard } from './replay-audit-file-guard';
import type { ReplayGuard } from './replay-guard';
import { PostgresReplayGuard } from './replay-postgres-guard';
import { RedisReplayGuard } from './replay-redis-guard';

export interface ReplayGuardSettings {
  agentId: string;
  redisUrl?: string;
  postgresUrl?: string;
  /** Schema of the claims table on PostgreSQL (the agent's governance schema). */
  pgSchema: string;
  /** `L9_AUDIT_FILE`, used when neither Redis nor PostgreSQL is configured. */
  auditFile?: string;
  /** Redis key prefix of the ecosystem (`L9_STREAM_PREFIX`). */
  keyPrefix: string;
  /** How long a packet id stays claimed: the replay window plus the allowed clock skew. */
  ttlMs: number;
  /** The agent's audit log: the file guard records releases in it. */
  audit: Pick<AuditLog, 'append'>;
}

/**
 * The durable replay guard of an agent with a persistent store: Redis when `L9_REDIS_URL` is set (one SET NX per
 * packet), else PostgreSQL (a claims table), else the ids its audit file recorded in the window. With auth on it
 * keeps captured packets out; with auth off it still makes a packet id mean "processed once", so a sender's retry
 * after a restart is not processed twice. Undefined without a persistent store: the server's replay cache and its
 * horizon are then all there is. Opening fails, and with it the agent's start, when the store cannot be reached or
 * read; while it is unreachable later, packets are answered 503 rather than accepted unchecked.
 */
export async function openReplayGuard(settings: ReplayGuardSettings): Promise<ReplayGuard | undefined> {
  const { agentId } = settings;
  if (settings.redisUrl) {
    const redis = await connectRedis(settings.redisUrl, { connectionName: `l9-${agentId}-replay` });
    return new RedisReplayGuard({ redis, ownsClient: true, keyPrefix: settings.keyPrefix, agentId });
  }
  if (settings.postgresUrl) {
    const guard = new PostgresReplayGuard({
      connectionString: settings.postgresUrl,
      poolConfig: { application_name: `l9-${agentId}-replay`, max: 4, connectionTimeoutMillis: 2_000 },
      schema: settings.pgSchema,
      agentId,
    });
    try {
      await guard.init();
    } catch (error) {
      await guard.close();
      throw error;
    }
    return guard;
  }
  if (settings.auditFile)
    return AuditFileReplayGuard.load({
      path: settings.auditFile,
      agentId,
      ttlMs: settings.ttlMs,
      audit: settings.audit,
    });
  return undefined;
}
