import type { JsonObject, PacketEnvelope } from '../envelope/envelope-schema';

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

/** Through which door a declared endpoint was called: its own HTTP route, an A2A skill or an MCP tool. */
export type EndpointDoor = 'http' | 'a2a' | 'mcp';

/**
 * A declared endpoint call the agent admitted (caller known, within its rate, payload valid) and put to
 * governance: who called (the verified caller token's subject with packet auth on, else `address:<ip>`), which
 * endpoint, through which door, the call's id (its Idempotency-Key, which governance holds an escalation
 * under; an A2A call's is `a2a-task:<task id>`) and the verdict. Written before the handler runs and before
 * any answer, as a packet's record is.
 */
export interface EndpointAuditRecord {
  action: 'endpoint.called';
  at: string;
  call_id: string;
  endpoint: string;
  door: EndpointDoor;
  caller: string;
  /** The A2A task the call runs as (door `a2a`). */
  task_id?: string;
  governance: GovernanceVerdict['outcome'] | 'not_evaluated';
}

export type CallAuditRecord = PacketAuditRecord | EndpointAuditRecord;

/** Append-only audit log. A rejection (throw) means the write did not happen: the call is not processed. */
export interface AuditSink {
  append(entry: CallAuditRecord): Promise<unknown>;
}

/**
 * The work an escalation holds until an anchor answers: enough to run it later, exactly once, and to tell the
 * caller. A packet is answered along its route (back to its source agent); an endpoint call by the escalation
 * record and, when the caller gave one, its callback URL.
 */
export type HeldWork =
  | { kind: 'packet'; envelope: PacketEnvelope; callback_url?: string }
  | { kind: 'endpoint'; endpoint: string; payload: JsonObject; caller: string; callback_url?: string };

export interface GovernanceDecision {
  agent_id: string;
  action: string;
  /** Idempotency key of the work: the packet id, or for an endpoint call one the caller gave or the server made. */
  packet_id: string;
  /** The authenticated caller (with auth on) or the source agent the packet names. */
  source_agent: string;
  priority: string;
  governance_flags: string[];
  payload: JsonObject;
  /** What to run when an anchor approves; absent for decisions that hold no work. */
  work?: HeldWork;
}

export type GovernanceVerdict =
  | { outcome: 'allow' }
  | { outcome: 'deny'; reason: string }
  | { outcome: 'escalate'; escalation_id: string; reason: string };

export interface GovernanceGate {
  evaluate(decision: GovernanceDecision): Promise<GovernanceVerdict>;
  /**
   * The escalation already holding this packet id with this content, if any: a resend that the replay guard
   * refuses (processed before) is answered with it, so the sender learns where its work stands.
   */
  heldFor?(
    packetId: string,
    contentHash: string,
  ): Promise<Extract<GovernanceVerdict, { outcome: 'escalate' }> | undefined>;
}

export interface EventPublisher {
  publish(topic: string, event: JsonObject): Promise<unknown>;
}
