import type { JsonValue } from '../envelope/envelope-schema';
import type { HeldWork } from '../server/server-hooks';
import type { Decision, EscalationRule } from './policy';

export type EscalationStatus = 'paused' | 'approved' | 'rejected' | 'overridden';
export type ResolutionAction = 'approve' | 'reject' | 'override';

export const ESCALATION_STATUSES: readonly EscalationStatus[] = [
  'paused',
  'approved',
  'rejected',
  'overridden',
];

export const RESOLVED_STATUS: Record<ResolutionAction, Exclude<EscalationStatus, 'paused'>> = {
  approve: 'approved',
  reject: 'rejected',
  override: 'overridden',
};

export interface EscalationResolution {
  /** The anchor whose key signed the resolution, spelled as in the policy. */
  by: string;
  /** When the agent accepted it. */
  at: string;
  reason: string;
  /** What the anchor put in place of the held work's result (override only). */
  override_value?: JsonValue;
  /** The anchor's signed statement (compact JWS, EdDSA) exactly as presented: anyone holding the anchor's public key can check it. */
  signature?: string;
  /** When the anchor signed it (the statement's `iat`). */
  issued_at?: string;
}

/**
 * What became of an escalation's held work. `running` is claimed before the work starts, so a restart that
 * finds it still running knows the work may have had effects and marks it `interrupted` instead of running
 * it again. The other states are final.
 */
export type EscalationOutcomeState =
  'running' | 'completed' | 'failed' | 'interrupted' | 'rejected' | 'overridden';

export interface EscalationOutcome {
  state: EscalationOutcomeState;
  at: string;
  /** The work's answer (`completed`) or the anchor's value (`overridden`). */
  result?: JsonValue;
  /** Why the work did not complete (`failed`, `interrupted`). */
  error?: string;
}

/** One channel's attempt to tell the caller about the outcome. */
export interface OutcomeDelivery {
  /** `a2a-task`: the A2A task that holds the work (see a2a/task-ledger.ts). */
  channel: 'event-stream' | 'peer' | 'callback' | 'a2a-task';
  ok: boolean;
  /** Where it went: a topic, a peer id, a URL. */
  target?: string;
  error?: string;
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
  /** The work held until an anchor answers; run once on approval. Absent for decisions that hold none. */
  work?: HeldWork;
  /** Set once an anchor resolved an escalation that holds work. */
  outcome?: EscalationOutcome;
  /** When the final outcome was handed to every channel, and how each fared. */
  delivered_at?: string;
  deliveries?: OutcomeDelivery[];
}

export function isFinalOutcome(outcome: EscalationOutcome | undefined): outcome is EscalationOutcome {
  return outcome !== undefined && outcome.state !== 'running';
}
