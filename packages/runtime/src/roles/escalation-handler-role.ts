import type { AgentRuntime } from '../agent/agent-runtime';
import type { EscalationRecord, EscalationStatus, ResolutionAction } from '../governance/escalation-record';
import { GovernanceError, type GovernanceErrorCode } from '../governance/governance-error';
import { anchorKey } from '../governance/policy';
import { auditEvent } from './audit-event';

const STATUSES: readonly EscalationStatus[] = ['paused', 'approved', 'rejected', 'overridden'];
/** Answers that mean the credential was not good enough (as opposed to a resolution that came too late). */
const REFUSALS: ReadonlySet<GovernanceErrorCode> = new Set([
  'missing_resolution',
  'malformed_resolution',
  'resolution_refused',
  'anchor_keys_not_configured',
  'override_disabled',
]);

/**
 * The anchors' side of governance: lists the agent's escalations and applies an anchor's signed approval,
 * rejection or override. Governance verifies the signature against the anchors' keys and audits the
 * resolution; a refused credential is audited too.
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
    const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<
      EscalationStatus,
      number
    >;
    for (const record of all) counts[record.status] += 1;
    return counts;
  }

  /** Applies an anchor's signed resolution (see `signResolution`); the action is the one the anchor signed for. */
  approve(id: string, signedResolution: string): Promise<EscalationRecord> {
    return this.answer(id, 'approve', signedResolution);
  }

  reject(id: string, signedResolution: string): Promise<EscalationRecord> {
    return this.answer(id, 'reject', signedResolution);
  }

  /** Substitutes the anchor's signed value for the held work's result; only where the schema allows human overrides. */
  override(id: string, signedResolution: string): Promise<EscalationRecord> {
    return this.answer(id, 'override', signedResolution);
  }

  /** Governance verifies and audits the resolution itself; a refused credential is audited here, without the credential. */
  private async answer(
    id: string,
    action: ResolutionAction,
    signedResolution: string,
  ): Promise<EscalationRecord> {
    try {
      return (await this.runtime.governance.resolve(id, action, signedResolution)).escalation;
    } catch (error) {
      if (error instanceof GovernanceError && REFUSALS.has(error.code))
        await auditEvent(this.runtime, 'governance.refused', id, { action, why: error.code });
      throw error;
    }
  }
}
