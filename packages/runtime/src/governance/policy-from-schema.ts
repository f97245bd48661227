import * as z from 'zod';
import { describeIssues, GovernanceError } from './governance-error';
import { parseEscalationPolicy, type PolicyDiagnostic } from './escalation-policy-parser';
import { governanceModes, governancePolicySchema, type GovernancePolicy } from './policy';

/** The `governance` block of an L9 v6 agent schema, as far as the runtime acts on it. */
const schemaGovernanceSchema = z
  .object({
    anchors: z.array(z.string()).min(1),
    mode: z.enum(governanceModes).optional(),
    humanoverride: z.boolean().optional(),
    escalationpolicy: z.string().optional(),
  })
  .loose();

export interface PolicyFromSchema {
  policy: GovernancePolicy;
  diagnostics: PolicyDiagnostic[];
}

/**
 * Builds a policy from a schema's governance block. A block without `mode` is hybrid: its written rules
 * apply and explicit governance flags still reach an anchor, which is what the L9 examples describe.
 */
export function policyFromSchema(block: unknown): PolicyFromSchema {
  const parsed = schemaGovernanceSchema.safeParse(block);
  if (!parsed.success) {
    throw new GovernanceError('invalid_input', describeIssues('governance', parsed.error.issues));
  }
  const { rules, diagnostics } = parseEscalationPolicy(parsed.data.escalationpolicy ?? '');
  const policy = governancePolicySchema.parse({
    anchors: parsed.data.anchors,
    mode: parsed.data.mode ?? 'hybrid',
    humanoverride: parsed.data.humanoverride ?? false,
    rules,
  });
  return { policy, diagnostics };
}
