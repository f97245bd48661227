import type { ComparisonOp, EscalationRule } from './policy';

/** A decision's signals as the caller sent them: every JSON type is kept, so a wrong type is seen, not dropped. */
export type Signals = Readonly<Record<string, unknown>>;

/** A signal a rule compares but cannot read: absent, or of another type than the rule's threshold. */
export interface SignalProblem {
  signal: string;
  problem: 'missing' | 'mistyped';
  /** What the rule needs: `number` or `boolean`. */
  expected: 'number' | 'boolean';
  /** What the decision carried (mistyped only): `string`, `null`, `array`, `object`, … */
  actual?: string;
  /** "signal anomaly_score missing" / "signal anomaly_score is a string, rule needs a number". */
  message: string;
}

export interface RuleEvaluation {
  /** Every comparison the rule's logic needs came out true on readable signals. */
  matched: boolean;
  /** Signals the rule compares but could not read. Governance escalates on any of them: nothing passes unread. */
  problems: SignalProblem[];
  /** Names of the missing ones among `problems`, kept for callers that list them. */
  missing: string[];
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'non-finite number';
  return typeof value;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Reads one signal against the type of its threshold; a string "0.99" is not the number 0.99. */
function readSignal(
  signals: Signals,
  metric: string,
  threshold: number | boolean,
): { value: number | boolean } | { problem: SignalProblem } {
  const expected = typeof threshold === 'boolean' ? 'boolean' : 'number';
  if (!Object.prototype.hasOwnProperty.call(signals, metric) || signals[metric] === undefined) {
    return { problem: { signal: metric, problem: 'missing', expected, message: `signal ${metric} missing` } };
  }
  const value = signals[metric];
  const actual = jsonType(value);
  if (actual !== expected) {
    return {
      problem: {
        signal: metric,
        problem: 'mistyped',
        expected,
        actual,
        message: `signal ${metric} is ${article(actual)}, rule needs ${article(expected)}`,
      },
    };
  }
  return { value: value as number | boolean };
}

function compare(value: number | boolean, op: ComparisonOp, threshold: number | boolean): boolean {
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

/**
 * Evaluates a rule tree against a decision's signals. A comparison whose signal is unreadable counts as not
 * met for `matched`, and its problem is reported whatever the rest of the tree says: the author wrote the rule
 * expecting that signal, so a decision without it is one the rule cannot vouch for.
 */
export function evaluateRule(rule: EscalationRule, signals: Signals): RuleEvaluation {
  if (rule.all || rule.any) {
    const parts = (rule.all ?? rule.any ?? []).map((child) => evaluateRule(child, signals));
    const matched = rule.all ? parts.every((part) => part.matched) : parts.some((part) => part.matched);
    const problems = parts.flatMap((part) => part.problems);
    return { matched, problems, missing: [...new Set(parts.flatMap((part) => part.missing))] };
  }
  const metric = rule.metric as string;
  const threshold = rule.threshold as number | boolean;
  const read = readSignal(signals, metric, threshold);
  if ('problem' in read)
    return {
      matched: false,
      problems: [read.problem],
      missing: read.problem.problem === 'missing' ? [metric] : [],
    };
  return { matched: compare(read.value, rule.op as ComparisonOp, threshold), problems: [], missing: [] };
}

/** The escalation trigger for a problem: `signal:anomaly_score:missing`, `signal:anomaly_score:mistyped`. */
export function signalTrigger(problem: SignalProblem): string {
  return `signal:${problem.signal}:${problem.problem}`;
}
