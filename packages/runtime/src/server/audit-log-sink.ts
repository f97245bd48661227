import type { AuditLog } from '../audit/audit-log';
import type { AuditEntry } from '../audit/audit-types';
import type { AuditSink, PacketAuditRecord } from './server-hooks';

/**
 * Adapts the hash-chained `AuditLog` to the server's `AuditSink`: every received packet becomes one chained,
 * HMAC-keyed entry of agent `agentId`, action `packet.received`, subject the packet id, and the rest of the
 * packet record as data. The log's own clock stamps the entry; the server's `at` is kept in data because it is
 * the time the packet was admitted, which can differ from when the serialized append ran.
 *
 * The record's fields are strings taken from an envelope the server already validated, and the data object is
 * built here, field by field, so it is plain JSON by construction: when the log offers `appendTrusted` it is
 * used, which skips the schema run and the defensive JSON copy of `append` on every packet.
 */
export function auditLogSink(
  log: Pick<AuditLog, 'append'> & Partial<Pick<AuditLog, 'appendTrusted'>>,
  agentId: string,
): AuditSink {
  if (!agentId) throw new Error('auditLogSink: agentId must not be empty');
  const appendTrusted = typeof log.appendTrusted === 'function' ? log.appendTrusted.bind(log) : undefined;
  return {
    append(record: PacketAuditRecord): Promise<AuditEntry> {
      const data = {
        at: record.at,
        packet_type: record.packet_type,
        source_agent: record.source_agent,
        destination_agent: record.destination_agent,
        trace_id: record.trace_id,
        content_hash: record.content_hash,
        governance: record.governance,
      };
      const plain =
        typeof record.packet_id === 'string' &&
        record.packet_id !== '' &&
        Object.values(data).every((value) => typeof value === 'string');
      if (appendTrusted && plain)
        return appendTrusted({ agent: agentId, action: record.action, subject: record.packet_id, data });
      return log.append({ agent: agentId, action: record.action, subject: record.packet_id, data });
    },
  };
}
