import type { RoleSpecParts } from './role-template';

/**
 * What a generated role test needs to resolve escalations as an anchor does: a throwaway key pair per anchor
 * of the schema (its anchors file handed to the test runtime) and a signer, plus a stranger whose key the
 * agent does not trust. `sign(anchor, id, action, reason, value?, keys?)` reads the escalation first, as an
 * anchor's tool does, and answers the signed resolution bound to the `work_digest` of the work it holds (none
 * for an escalation that holds none, or one that does not exist).
 */
export const anchorSigning: Required<Pick<RoleSpecParts, 'runtimeImports' | 'declarations' | 'runtimeEnv'>> =
  {
    runtimeImports: ['escalationWorkDigest', 'signResolution', 'throwawayAnchors'],
    declarations: [
      'const anchors = throwawayAnchors(blueprint.governance.anchors);',
      "const stranger = throwawayAnchors(['Not An Anchor']);",
      "const sign = async (anchor: string, id: string, action: 'approve' | 'reject' | 'override', reason: string, value?: Parameters<typeof signResolution>[1]['value'], keys = anchors) => {",
      '  const held = await runtime.governance.get(id).catch(() => undefined);',
      '  const work_digest = held ? escalationWorkDigest(held) : undefined;',
      '  return signResolution(keys.privateKeys.get(anchor)!, { anchor, agent: runtime.identity.id, escalation_id: id, action, reason, ...(value !== undefined ? { value } : {}), ...(work_digest ? { work_digest } : {}) });',
      '};',
    ],
    runtimeEnv: 'anchors.env',
  };
