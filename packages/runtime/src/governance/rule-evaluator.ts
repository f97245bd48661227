import type { ComparisonOp, EscalationRule } from './policy';

export type Signals = Readonly<Record<string, number | boolean>>;

export interface RuleEvaluation {
  matched: boolean;
  /** Signals a comparison needed but the decision did not carry (a missing signal never matches). */
  missing: string[];
}

function compare(value: number | boolean, op: ComparisonOp, threshold: number | boolean): boolean {
  if (typeof value !== typeof threshold) return false;
  switch (op) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

/** Evaluates a rule tree against a decision's signals. */
export function evaluateRule(rule: EscalationRule, signals: Signals): RuleEvaluation {
  if (rule.all || rule.any) {
    const parts = (rule.all ?? rule.any ?? []).map((child) => evaluateRule(child, signals));
    const matched = rule.all ? parts.every((part) => part.matched) : parts.some((part) => part.matched);
    return { matched, missing: [...new Set(parts.flatMap((part) => part.missing))] };
  }
  const metric = rule.metric as string;
  if (!Object.prototype.hasOwnProperty.call(signals, metric)) return { matched: false, missing: [metric] };
  return {
    matched: compare(signals[metric] as number | boolean, rule.op as ComparisonOp, rule.threshold as number | boolean),
    missing: [],
  };
}
