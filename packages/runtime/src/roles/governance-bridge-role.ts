import { randomUUID } from 'node:crypto';
import type { AgentRuntime } from '../agent/agent-runtime';
import type { EscalationRecord, ResolutionAction } from '../governance/escalation-record';
import type { GovernanceMode } from '../governance/policy';
import { auditEvent } from './audit-event';

export interface DecideOptions {
  /** Governance flags the decision carries (`requires_approval`, `escalate`); they escalate in hybrid mode. */
  flags?: string[];
  packetId?: string;
  traceId?: string;
}

export type GovernedDecision =
  | { outcome: 'proceed'; action: string; missing_signals: string[] }
  | {
      outcome: 'escalated';
      action: string;
      escalation: EscalationRecord;
      /** Who must answer before the decision may go ahead. */
      waiting_on: string[];
      /** Ids of the escalation rules the signals met. */
      rules: string[];
      /** Other causes: `mode:supervised`, `flag:<name>`. */
      triggers: string[];
    };

/**
 * The agent's door to governance: every decision it wants to take is put to the schema's policy first, held
 * as a paused escalation when a rule, a flag or the mode says so, and released only by one of the anchors.
 * Decisions and resolutions are written to the audit log.
 */
export class GovernanceBridgeRole {
  constructor(private readonly runtime: AgentRuntime) {}

  get anchors(): readonly string[] {
    return this.runtime.governance.policy.anchors;
  }

  get mode(): GovernanceMode {
    return this.runtime.governance.policy.mode;
  }

  async decide(
    action: string,
    signals: Record<string, number | boolean>,
    options: DecideOptions = {},
  ): Promise<GovernedDecision> {
    const result = await this.runtime.governance.evaluate({
      id: randomUUID(),
      agent: this.runtime.identity.id,
      action,
      signals,
      ...(options.flags ? { governance_flags: options.flags } : {}),
      ...(options.packetId ? { packet_id: options.packetId } : {}),
      ...(options.traceId ? { trace_id: options.traceId } : {}),
    });
    const escalation = result.escalation;
    await auditEvent(this.runtime, 'governance.decision', escalation?.id ?? null, {
      action,
      outcome: result.outcome,
      rules: result.matched_rules.map((rule) => rule.id),
      signals,
    });
    if (result.outcome === 'proceed' || !escalation)
      return { outcome: 'proceed', action, missing_signals: result.missing_signals };
    return {
      outcome: 'escalated',
      action,
      escalation,
      waiting_on: [...escalation.anchors],
      rules: result.matched_rules.map((rule) => rule.id),
      triggers: [...escalation.triggers],
    };
  }

  /** Escalations still waiting for an anchor. */
  pending(): Promise<EscalationRecord[]> {
    return this.runtime.governance.list({ status: 'paused' });
  }

  /**
   * An anchor's signed answer (see `signResolution`): verified, audited and applied by governance; throws
   * `GovernanceError` (`resolution_refused`, `already_resolved`, …) when it may not be given.
   */
  async resolve(id: string, action: ResolutionAction, signedResolution: string): Promise<EscalationRecord> {
    return (await this.runtime.governance.resolve(id, action, signedResolution)).escalation;
  }
}
