import type { Governance } from '../governance';
import type { GovernanceDecision, GovernanceGate, GovernanceVerdict } from '../server/server-hooks';

/** Numbers and booleans of a payload (top level and its `signals` object) are what escalation rules test. */
export function signalsOf(payload: Record<string, unknown>): Record<string, number | boolean> {
  const signals: Record<string, number | boolean> = {};
  const take = (record: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(record)) {
      if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') signals[key] = value;
    }
  };
  take(payload);
  const nested = payload['signals'];
  if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) take(nested as Record<string, unknown>);
  return signals;
}

/** The server's governance gate over the agent's `Governance`: a matched rule or flag pauses the packet. */
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
      });
      if (result.outcome === 'proceed' || !result.escalation) return { outcome: 'allow' };
      const rules = result.matched_rules.map((r) => r.id).join(', ');
      return {
        outcome: 'escalate',
        escalation_id: result.escalation.id,
        reason: `escalated to ${result.escalation.anchors.join(', ')}${rules ? ` by ${rules}` : ' by a governance flag or supervised mode'}`,
      };
    },
  };
}
