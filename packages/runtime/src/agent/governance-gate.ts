import type { EscalationRecord, Governance } from '../governance';
import type { GovernanceDecision, GovernanceGate, GovernanceVerdict } from '../server/server-hooks';

/**
 * What escalation rules test: the payload's top-level fields and its `signals` object (which wins on a clash),
 * values of every type kept as sent, so a rule can tell a missing signal from a mistyped one.
 */
export function signalsOf(payload: Record<string, unknown>): Record<string, unknown> {
  const { signals: nested, ...top } = payload;
  if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) return { ...top, ...(nested as Record<string, unknown>) };
  return nested === undefined ? top : { ...top, signals: nested };
}

/**
 * The server's governance gate over the agent's `Governance`: a matched rule or flag pauses the packet (or
 * endpoint call), holding its work for the anchors. A resend of a held packet id is answered with the
 * escalation that already holds it.
 */
export function governanceGate(governance: Governance): GovernanceGate {
  return {
    async evaluate(decision: GovernanceDecision): Promise<GovernanceVerdict> {
      const result = await governance.evaluate({
        id: decision.packet_id,
        agent: decision.agent_id,
        action: decision.action,
        signals: signalsOf(decision.payload),
        governance_flags: decision.governance_flags,
        packet_id: decision.packet_id,
      }, decision.work ? { work: decision.work } : {});
      if (result.outcome === 'proceed' || !result.escalation) return { outcome: 'allow' };
      if (result.resent) return alreadyHeld(result.escalation);
      const rules = result.matched_rules.map((r) => r.id).join(', ');
      const causes = [...(rules ? [`by ${rules}`] : []), ...result.signal_problems.map((problem) => problem.message)];
      return {
        outcome: 'escalate',
        escalation_id: result.escalation.id,
        reason: `escalated to ${result.escalation.anchors.join(', ')} ${causes.length > 0 ? causes.join('; ') : 'by a governance flag or supervised mode'}`,
      };
    },
    async heldFor(packetId, contentHash) {
      const held = await governance.heldFor(packetId);
      if (!held || (held.work?.kind === 'packet' && held.work.envelope.content_hash !== contentHash)) return undefined;
      return alreadyHeld(held);
    },
  };
}

function alreadyHeld(escalation: EscalationRecord): Extract<GovernanceVerdict, { outcome: 'escalate' }> {
  return { outcome: 'escalate', escalation_id: escalation.id, reason: `already held by escalation ${escalation.id} (${escalation.status})` };
}
