import type { EscalationRule } from '../governance/policy';
import { evaluateRule } from '../governance/rule-evaluator';

type Comparison = EscalationRule & { metric: string; threshold: number | boolean };

function comparisons(rule: EscalationRule): Comparison[] {
  if (rule.all || rule.any) return (rule.all ?? rule.any ?? []).flatMap(comparisons);
  return [rule as Comparison];
}

function candidates(leaves: readonly Comparison[]): (number | boolean)[] {
  if (leaves.some((leaf) => typeof leaf.threshold === 'boolean')) return [false, true];
  const thresholds = leaves.map((leaf) => leaf.threshold as number);
  return [...thresholds, ...thresholds.flatMap((t) => [t - 1, t + 1])];
}

/** How many of a metric's comparisons a value meets; the calm value meets as few as possible (ideally none). */
function metCount(value: number | boolean, leaves: readonly Comparison[]): number {
  return leaves.filter((leaf) => evaluateRule(leaf, { [leaf.metric]: value }).matched).length;
}

/**
 * Signals of the right type for every comparison of `rules`, each valued so that its comparisons do not hold
 * where one value can manage it. A routine decision carrying them proceeds: nothing missing, nothing mistyped,
 * nothing matched. The counterpart of `violatingSignals`, for tests and drills of the calm path.
 */
export function compliantSignals(rules: readonly EscalationRule[]): Record<string, number | boolean> {
  const byMetric = new Map<string, Comparison[]>();
  for (const leaf of rules.flatMap(comparisons))
    byMetric.set(leaf.metric, [...(byMetric.get(leaf.metric) ?? []), leaf]);
  const signals: Record<string, number | boolean> = {};
  for (const [metric, leaves] of byMetric) {
    const ranked = candidates(leaves).map((value) => ({ value, met: metCount(value, leaves) }));
    signals[metric] = ranked.reduce((best, next) => (next.met < best.met ? next : best)).value;
  }
  return signals;
}
