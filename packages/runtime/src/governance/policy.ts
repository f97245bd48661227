import * as z from 'zod';

import { comparisonOps, type ComparisonOp, type EscalationRule } from './policy-rule-types';

export { comparisonOps, type ComparisonOp, type EscalationRule };

export const escalationRuleSchema: z.ZodType<EscalationRule> = z.lazy(() =>
  z
    .object({
      id: z.string().min(1),
      metric: z.string().min(1).optional(),
      op: z.enum(comparisonOps).optional(),
      threshold: z.union([z.number(), z.boolean()]).optional(),
      all: z.array(escalationRuleSchema).min(1).optional(),
      any: z.array(escalationRuleSchema).min(1).optional(),
      description: z.string().optional(),
      anchors: z.array(z.string().min(1)).optional(),
    })
    .strict()
    .superRefine((rule, context) => {
      const comparison = rule.metric !== undefined || rule.op !== undefined || rule.threshold !== undefined;
      const group = rule.all !== undefined || rule.any !== undefined;
      if (comparison === group) {
        context.addIssue({
          code: 'custom',
          message: `rule ${rule.id}: give either metric/op/threshold or all/any`,
        });
        return;
      }
      if (
        comparison &&
        (rule.metric === undefined || rule.op === undefined || rule.threshold === undefined)
      ) {
        context.addIssue({
          code: 'custom',
          message: `rule ${rule.id}: a comparison needs metric, op and threshold`,
        });
      }
      if (typeof rule.threshold === 'boolean' && rule.op !== '==' && rule.op !== '!=') {
        context.addIssue({
          code: 'custom',
          message: `rule ${rule.id}: a boolean threshold only allows == or !=`,
        });
      }
    }),
);

export const governanceModes = ['autonomous', 'supervised', 'hybrid'] as const;
export type GovernanceMode = (typeof governanceModes)[number];

export const governancePolicySchema = z
  .object({
    anchors: z.array(z.string().trim().min(1)).min(1, 'a governance policy needs at least one anchor'),
    mode: z.enum(governanceModes),
    /** Whether anchors may override a decision's outcome (not only approve or reject it). */
    humanoverride: z.boolean().default(false),
    rules: z.array(escalationRuleSchema).default([]),
    /** Governance flags that escalate in hybrid mode. */
    escalation_flags: z.array(z.string().min(1)).default(['requires_approval', 'escalate']),
  })
  .superRefine((policy, context) => {
    const known = new Set(policy.anchors.map(anchorKey));
    policy.rules.forEach((rule, index) => {
      for (const anchor of rule.anchors ?? []) {
        if (!known.has(anchorKey(anchor))) {
          context.addIssue({
            code: 'custom',
            path: ['rules', index, 'anchors'],
            message: `rule ${rule.id} names "${anchor}", which is not one of the policy's anchors`,
          });
        }
      }
    });
  });

export type GovernancePolicy = z.output<typeof governancePolicySchema>;
export type GovernancePolicyInput = z.input<typeof governancePolicySchema>;

/** Anchors are matched case- and spacing-insensitively: "compliance  officer" is "Compliance Officer". */
export function anchorKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export const decisionSchema = z.object({
  id: z.string().min(1),
  agent: z.string().min(1),
  action: z.string().min(1),
  /**
   * Values of every type, as sent: a rule tells a missing signal from a mistyped one ("0.99" is a string, not a
   * number) and escalates on both instead of letting the decision pass unread.
   */
  signals: z.record(z.string(), z.unknown()).default({}),
  governance_flags: z.array(z.string()).optional(),
  packet_id: z.string().optional(),
  trace_id: z.string().optional(),
});

export type Decision = z.output<typeof decisionSchema>;
export type DecisionInput = z.input<typeof decisionSchema>;
