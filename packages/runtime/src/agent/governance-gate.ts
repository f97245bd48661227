import { canonicalize } from '../envelope/canonical-json';
import type { EscalationRecord, Governance } from '../governance';
import type { GovernanceDecision, GovernanceGate, GovernanceVerdict, HeldWork } from '../server/server-hooks';

/**
 * What escalation rules test: the payload's top-level fields and its `signals` object (which wins on a clash),
 * values of every type kept as sent, so a rule can tell a missing signal from a mistyped one.
 */
export function signalsOf(payload: Record<string, unknown>): Record<string, unknown> {
  const { signals: nested, ...top } = payload;
  if (typeof nested === 'object' && nested !== null && !Array.isArray(nested))
    return { ...top, ...(nested as Record<string, unknown>) };
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
      const result = await governance.evaluate(
        {
          id: decision.packet_id,
          agent: decision.agent_id,
          action: decision.action,
          signals: signalsOf(decision.payload),
          governance_flags: decision.governance_flags,
          packet_id: decision.packet_id,
        },
        decision.work ? { work: decision.work } : {},
      );
      if (result.outcome === 'proceed' || !result.escalation) return { outcome: 'allow' };
      if (result.resent) {
        // An id (a packet id or a caller's Idempotency-Key) already held for other work is refused, naming no
        // escalation: otherwise a caller who knows or guesses another's key would be told that work is its own.
        if (decision.work && !sameWork(result.escalation.work, decision.work))
          return { outcome: 'deny', reason: otherWork(decision) };
        return alreadyHeld(result.escalation);
      }
      const rules = result.matched_rules.map((r) => r.id).join(', ');
      const causes = [
        ...(rules ? [`by ${rules}`] : []),
        ...result.signal_problems.map((problem) => problem.message),
      ];
      return {
        outcome: 'escalate',
        escalation_id: result.escalation.id,
        reason: `escalated to ${result.escalation.anchors.join(', ')} ${causes.length > 0 ? causes.join('; ') : 'by a governance flag or supervised mode'}`,
      };
    },
    async heldFor(packetId, contentHash) {
      const held = await governance.heldFor(packetId);
      if (!held || held.work?.kind !== 'packet' || held.work.envelope.content_hash !== contentHash)
        return undefined;
      return alreadyHeld(held);
    },
  };
}

function alreadyHeld(escalation: EscalationRecord): Extract<GovernanceVerdict, { outcome: 'escalate' }> {
  return {
    outcome: 'escalate',
    escalation_id: escalation.id,
    reason: `already held by escalation ${escalation.id} (${escalation.status})`,
  };
}

/** A resend is the same work: the same packet content, or the same caller calling the same endpoint with the same payload. */
function sameWork(held: HeldWork | undefined, work: HeldWork): boolean {
  if (held?.kind === 'packet' && work.kind === 'packet')
    return held.envelope.content_hash === work.envelope.content_hash;
  if (held?.kind === 'endpoint' && work.kind === 'endpoint') {
    return (
      held.endpoint === work.endpoint &&
      held.caller === work.caller &&
      canonicalize(held.payload) === canonicalize(work.payload)
    );
  }
  return false;
}

function otherWork(decision: GovernanceDecision): string {
  const id =
    decision.work?.kind === 'endpoint'
      ? `Idempotency-Key ${decision.packet_id}`
      : `packet id ${decision.packet_id}`;
  return `${id} already holds other work for governance; send this work with a fresh ${decision.work?.kind === 'endpoint' ? 'Idempotency-Key' : 'packet_id'}`;
}
