import type { AuditLog } from '../audit/audit-log';
import type { AuditEntry } from '../audit/audit-types';
import type { AuditSink, CallAuditRecord } from './server-hooks';

/** The entry's data: the record's fields but its action and subject, field by field, so it is plain JSON by construction. */
function entryData(record: CallAuditRecord): { subject: string; data: Record<string, string> } {
  if (record.action === 'endpoint.called') {
    const data: Record<string, string> = {
      at: record.at,
      endpoint: record.endpoint,
      door: record.door,
      caller: record.caller,
      governance: record.governance,
    };
    if (record.task_id !== undefined) data['task_id'] = record.task_id;
    return { subject: record.call_id, data };
  }
  return {
    subject: record.packet_id,
    data: {
      at: record.at,
      packet_type: record.packet_type,
      source_agent: record.source_agent,
      destination_agent: record.destination_agent,
      trace_id: record.trace_id,
      content_hash: record.content_hash,
      governance: record.governance,
    },
  };
}

/**
 * Adapts the hash-chained `AuditLog` to the server's `AuditSink`: every received packet and every admitted
 * endpoint call (its own route, an A2A skill, an MCP tool) becomes one chained, HMAC-keyed entry of agent
 * `agentId`, action `packet.received` (subject the packet id) or `endpoint.called` (subject the call id), and
 * the rest of the record as data. The log's own clock stamps the entry; the server's `at` is kept in data
 * because it is the time the call was admitted, which can differ from when the serialized append ran.
 *
 * The record's fields are strings the server already checked, and the data object is built here, field by
 * field, so it is plain JSON by construction: when the log offers `appendTrusted` it is used, which skips the
 * schema run and the defensive JSON copy of `append` on every call.
 */
export function auditLogSink(
  log: Pick<AuditLog, 'append'> & Partial<Pick<AuditLog, 'appendTrusted'>>,
  agentId: string,
): AuditSink {
  if (!agentId) throw new Error('auditLogSink: agentId must not be empty');
  const appendTrusted = typeof log.appendTrusted === 'function' ? log.appendTrusted.bind(log) : undefined;
  return {
    append(record: CallAuditRecord): Promise<AuditEntry> {
      const { subject, data } = entryData(record);
      const plain =
        typeof subject === 'string' &&
        subject !== '' &&
        Object.values(data).every((value) => typeof value === 'string');
      if (appendTrusted && plain)
        return appendTrusted({ agent: agentId, action: record.action, subject, data });
      return log.append({ agent: agentId, action: record.action, subject, data });
    },
  };
}
