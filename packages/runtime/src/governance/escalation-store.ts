import type { Backend } from '../backend-health';
import type { EscalationRecord, EscalationResolution, EscalationStatus } from './escalation-record';

export type ResolveOutcome =
  | { kind: 'resolved'; record: EscalationRecord }
  | { kind: 'not_found' }
  | { kind: 'already_resolved'; record: EscalationRecord };

/** Persistence of escalation records. `resolve` is a compare-and-set from `paused`, so two anchors
 * answering at once cannot both win. */
export interface EscalationStore extends Backend {
  create(record: EscalationRecord): Promise<void>;
  get(id: string): Promise<EscalationRecord | undefined>;
  /** Oldest first. */
  list(filter?: { status?: EscalationStatus }): Promise<EscalationRecord[]>;
  resolve(
    id: string,
    status: Exclude<EscalationStatus, 'paused'>,
    resolution: EscalationResolution,
  ): Promise<ResolveOutcome>;
}
