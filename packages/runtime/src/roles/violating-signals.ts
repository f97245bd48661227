import type { EscalationRule } from '../governance/policy';

function violatingValue(rule: EscalationRule): number | boolean {
  const threshold = rule.threshold as number | boolean;
  if (typeof threshold === 'boolean') return rule.op === '!=' ? !threshold : threshold;
  switch (rule.op) {
    case '<':
      return threshold - 1;
    case '>':
      return threshold + 1;
    case '!=':
      return threshold + 1;
    default:
      // <=, >= and == all hold at the threshold itself.
      return threshold;
  }
}

/**
 * Signals under which `rule` matches: every comparison of an `all` group is met, the first branch of an
 * `any` group is. Used to rehearse an escalation path (a governance drill, an agent's own tests) without
 * hand-writing numbers that drift from the schema's policy.
 */
export function violatingSignals(rule: EscalationRule): Record<string, number | boolean> {
  if (rule.all)
    return Object.assign({}, ...rule.all.map(violatingSignals)) as Record<string, number | boolean>;
  if (rule.any) return violatingSignals(rule.any[0]!);
  return { [rule.metric as string]: violatingValue(rule) };
}
