import type { RoleSpecParts } from './role-template';

/**
 * What a generated role test needs to resolve escalations as an anchor does: a throwaway key pair per anchor
 * of the schema (its anchors file handed to the test runtime) and a signer, plus a stranger whose key the
 * agent does not trust. `sign(anchor, id, action, reason, value?, keys?)` answers the signed resolution.
 */
export const anchorSigning: Required<Pick<RoleSpecParts, 'runtimeImports' | 'declarations' | 'runtimeEnv'>> = {
  runtimeImports: ['signResolution', 'throwawayAnchors'],
  declarations: [
    'const anchors = throwawayAnchors(blueprint.governance.anchors);',
    "const stranger = throwawayAnchors(['Not An Anchor']);",
    "const sign = (anchor: string, id: string, action: 'approve' | 'reject' | 'override', reason: string, value?: Parameters<typeof signResolution>[1]['value'], keys = anchors) =>",
    '  signResolution(keys.privateKeys.get(anchor)!, { anchor, agent: runtime.identity.id, escalation_id: id, action, reason, ...(value !== undefined ? { value } : {}) });',
  ],
  runtimeEnv: 'anchors.env',
};
