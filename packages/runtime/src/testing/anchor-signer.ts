import type { JsonValue } from '../envelope/envelope-schema';
import type { TestAnchors } from '../governance/anchor-test-support';
import type { EscalationRecord, ResolutionAction } from '../governance/escalation-record';

/** Where the signer reads an escalation before signing: the agent's governance. */
export interface EscalationReader {
  get(id: string): Promise<Pick<EscalationRecord, 'work'>>;
}

/** Signs a resolution as `anchor`; `from` reads the escalation instead of the signer's own reader. */
export type AnchorSign = (
  anchor: string,
  id: string,
  action: ResolutionAction,
  reason: string,
  value?: JsonValue,
  from?: EscalationReader,
) => Promise<string>;

/**
 * Test support: signs resolutions of `agent`'s escalations as an anchor's tool does, after reading the escalation,
 * so the signature binds the `work_digest` of the work it holds. `reader` is called at each signature, so it may
 * name a runtime the spec replaces before each test.
 */
export function anchorSigner(
  anchors: TestAnchors,
  agent: string,
  reader: () => EscalationReader,
): AnchorSign {
  return async (anchor, id, action, reason, value, from = reader()) =>
    anchors.sign(anchor, {
      agent,
      escalation_id: id,
      action,
      reason,
      ...(value !== undefined ? { value } : {}),
      held: await from.get(id),
    });
}
