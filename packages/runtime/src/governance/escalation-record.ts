import type { Decision, EscalationRule } from './policy';

export type EscalationStatus = 'paused' | 'approved' | 'rejected' | 'overridden';
export type ResolutionAction = 'approve' | 'reject' | 'override';

export const RESOLVED_STATUS: Record<ResolutionAction, Exclude<EscalationStatus, 'paused'>> = {
  approve: 'approved',
  reject: 'rejected',
  override: 'overridden',
};

export interface EscalationResolution {
  /** The anchor who answered, spelled as in the policy. */
  by: string;
  at: string;
  reason: string;
  /** What the anchor put in place of the decision's outcome (override only). */
  override_value?: unknown;
}

/** A decision held for a human: it stays `paused` until one of `anchors` resolves it. */
export interface EscalationRecord {
  id: string;
  decision: Decision;
  matched_rules: EscalationRule[];
  /** Why it escalated beyond matched rules: `mode:supervised`, `flag:requires_approval`. */
  triggers: string[];
  anchors: string[];
  status: EscalationStatus;
  created_at: string;
  resolution?: EscalationResolution;
}
