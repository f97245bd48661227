import type { AgentRuntime } from '../agent/agent-runtime';
import type { JsonValue } from '../envelope/envelope-schema';
import type { EscalationRecord, EscalationStatus, ResolutionAction } from '../governance/escalation-record';
import { GovernanceError } from '../governance/governance-error';
import { anchorKey } from '../governance/policy';
import { auditEvent } from './audit-event';

const STATUSES: readonly EscalationStatus[] = ['paused', 'approved', 'rejected', 'overridden'];

/**
 * The anchors' side of governance: lists the agent's escalations and applies an anchor's approval,
 * rejection or override. Whoever is not an anchor of the policy is refused before anything is touched;
 * the escalation itself then checks that the anchor is one it waits on. Every answer is audited.
 */
export class EscalationHandlerRole {
  constructor(private readonly runtime: AgentRuntime) {}

  isAnchor(name: string): boolean {
    return this.runtime.governance.policy.anchors.some((anchor) => anchorKey(anchor) === anchorKey(name));
  }

  list(status?: EscalationStatus): Promise<EscalationRecord[]> {
    return this.runtime.governance.list(status ? { status } : {});
  }

  get(id: string): Promise<EscalationRecord> {
    return this.runtime.governance.get(id);
  }

  /** How many escalations are in each state. */
  async summary(): Promise<Record<EscalationStatus, number>> {
    const all = await this.runtime.governance.list();
    const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<EscalationStatus, number>;
    for (const record of all) counts[record.status] += 1;
    return counts;
  }

  approve(id: string, anchor: string, reason: string): Promise<EscalationRecord> {
    return this.answer(id, 'approve', anchor, reason);
  }

  reject(id: string, anchor: string, reason: string): Promise<EscalationRecord> {
    return this.answer(id, 'reject', anchor, reason);
  }

  /** Substitutes `value` for the decision's outcome; only where the schema allows human overrides. */
  override(id: string, anchor: string, reason: string, value: JsonValue): Promise<EscalationRecord> {
    return this.answer(id, 'override', anchor, reason, value);
  }

  private async answer(id: string, action: ResolutionAction, anchor: string, reason: string, value?: JsonValue): Promise<EscalationRecord> {
    if (!this.isAnchor(anchor)) {
      await auditEvent(this.runtime, 'governance.refused', id, { action, by: anchor, why: 'not an anchor' });
      throw new GovernanceError('not_an_anchor', `"${anchor}" is not an anchor of ${this.runtime.identity.name} (anchors: ${this.runtime.governance.policy.anchors.join(', ')})`);
    }
    const { escalation } = await this.runtime.governance.resolve(id, action, { anchor, reason, ...(value !== undefined ? { value } : {}) });
    await auditEvent(this.runtime, `governance.${action}`, id, { by: escalation.resolution?.by ?? anchor, reason, status: escalation.status });
    return escalation;
  }
}
