/**
 * The shape of escalation rules, apart from their zod schema (policy.ts) so that the policy grammar
 * (policy-condition.ts, policy-text-clauses.ts, escalation-policy-parser.ts) depends on nothing else and the
 * l9 plugin can load it through the runtime's light entry (`@l9/runtime/shared`) when it checks a schema's policy.
 */
export const comparisonOps = ['<', '<=', '>', '>=', '==', '!='] as const;
export type ComparisonOp = (typeof comparisonOps)[number];

/**
 * An escalation rule: either a comparison of one decision signal with a threshold, or a group of rules
 * (`all` = AND, `any` = OR). Top-level rules may name the anchors that must answer when they match.
 */
export interface EscalationRule {
  id: string;
  metric?: string;
  op?: ComparisonOp;
  threshold?: number | boolean;
  all?: EscalationRule[];
  any?: EscalationRule[];
  /** The policy text the rule came from, kept so an escalation can say why in the author's words. */
  description?: string;
  /** Anchors that must answer this rule; all policy anchors when omitted. */
  anchors?: string[];
}
