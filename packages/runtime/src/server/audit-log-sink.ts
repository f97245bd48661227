import type { AuditLog } from '../audit/audit-log';
import type { AuditEntry } from '../audit/audit-types';
import type { AuditSink, PacketAuditRecord } from './server-hooks';

/**
 * Adapts the hash-chained `AuditLog` to the server's `AuditSink`: every received packet becomes one chained,
 * HMAC-keyed entry of agent `agentId`, action `packet.received`, subject the packet id, and the rest of the
 * packet record as data. The log's own clock stamps the entry; the server's `at` is kept in data because it is
 * the time the packet was admitted, which can differ from when the serialized append ran.
 */
export function auditLogSink(log: Pick<AuditLog, 'append'>, agentId: string): AuditSink {
  if (!agentId) throw new Error('auditLogSink: agentId must not be empty');
  return {
    append(record: PacketAuditRecord): Promise<AuditEntry> {
      const { action, packet_id, ...data } = record;
      return log.append({ agent: agentId, action, subject: packet_id, data });
    },
  };
}
