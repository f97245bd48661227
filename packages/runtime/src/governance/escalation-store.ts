import type { Backend } from '../backend-health';
import type {
  EscalationOutcome,
  EscalationRecord,
  EscalationResolution,
  EscalationStatus,
  OutcomeDelivery,
} from './escalation-record';

export type ResolveOutcome =
  | { kind: 'resolved'; record: EscalationRecord }
  | { kind: 'not_found' }
  | { kind: 'already_resolved'; record: EscalationRecord };

/** `existing`: an escalation for the same packet id was already held; it is returned instead of a second one. */
export type CreateOutcome =
  { kind: 'created'; record: EscalationRecord } | { kind: 'existing'; record: EscalationRecord };

export interface EscalationQuery {
  status?: EscalationStatus;
  /** At most this many records (the caller bounds it). */
  limit: number;
  /** From a previous page's `next_cursor`: records after that one. */
  cursor?: string;
}

export interface EscalationPage {
  records: EscalationRecord[];
  /** Present when more records follow. Opaque to callers. */
  next_cursor?: string;
}

/**
 * Persistence of escalation records. Every state change is a compare-and-set, so two anchors answering at
 * once, two approvals racing, or a restart can never move a record twice:
 *   create        unique per `decision.packet_id` (a resend finds the first escalation)
 *   resolve       paused → approved | rejected | overridden (with the outcome, for reject and override)
 *   claim         approved with held work and no outcome → outcome `running` (whoever wins runs the work)
 *   finish        outcome `running` → a final outcome
 *   markDelivered final outcome, not yet delivered → delivered
 */
export interface EscalationStore extends Backend {
  create(record: EscalationRecord): Promise<CreateOutcome>;
  get(id: string): Promise<EscalationRecord | undefined>;
  findByPacketId(packetId: string): Promise<EscalationRecord | undefined>;
  /** Oldest first. */
  list(query: EscalationQuery): Promise<EscalationPage>;
  resolve(
    id: string,
    status: Exclude<EscalationStatus, 'paused'>,
    resolution: EscalationResolution,
    outcome?: EscalationOutcome,
  ): Promise<ResolveOutcome>;
  claim(id: string, at: string): Promise<EscalationRecord | undefined>;
  finish(id: string, outcome: EscalationOutcome): Promise<EscalationRecord | undefined>;
  markDelivered(id: string, deliveries: OutcomeDelivery[], at: string): Promise<EscalationRecord | undefined>;
  /** Records whose held work still needs a step: approved but not run, left running, or not yet delivered. Oldest first. */
  unsettled(): Promise<EscalationRecord[]>;
}
