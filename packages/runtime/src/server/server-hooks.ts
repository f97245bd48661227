import { JsonObject } from '../envelope/envelope-schema';

/**
 * What the agent server needs from audit, governance and the event stream. Kept this small on purpose: any
 * implementation (in-process, PostgreSQL, Redis Streams) is adapted to these three shapes when an agent is wired.
 */
export interface PacketAuditRecord {
  action: 'packet.received';
  at: string;
  packet_id: string;
  packet_type: string;
  source_agent: string;
  destination_agent: string;
  trace_id: string;
  content_hash: string;
  governance: GovernanceVerdict['outcome'] | 'not_evaluated';
}

/** Append-only audit log. A rejection (throw) means the write did not happen: the packet is not processed. */
export interface AuditSink {
  append(entry: PacketAuditRecord): Promise<unknown>;
}

export interface GovernanceDecision {
  agent_id: string;
  action: string;
  packet_id: string;
  source_agent: string;
  priority: string;
  governance_flags: string[];
  payload: JsonObject;
}

export type GovernanceVerdict =
  | { outcome: 'allow' }
  | { outcome: 'deny'; reason: string }
  | { outcome: 'escalate'; escalation_id: string; reason: string };

export interface GovernanceGate {
  evaluate(decision: GovernanceDecision): Promise<GovernanceVerdict>;
}

export interface EventPublisher {
  publish(topic: string, event: JsonObject): Promise<unknown>;
}
