import type { ComparisonOp } from './policy-rule-types';

export type ParsedCondition =
  | { ok: true; metric: string; op: ComparisonOp; threshold: number | boolean }
  | { ok: false; message: string };

const SYMBOL_OPS: Record<string, ComparisonOp> = {
  '<=': '<=',
  '≤': '<=',
  '>=': '>=',
  '≥': '>=',
  '==': '==',
  '=': '==',
  '!=': '!=',
  '≠': '!=',
  '<': '<',
  '>': '>',
};

const WORD_OPS: Record<string, ComparisonOp> = {
  exceeds: '>',
  above: '>',
  'greater than': '>',
  'more than': '>',
  below: '<',
  'less than': '<',
  'at least': '>=',
  'at most': '<=',
};

// ≤ ≥ ≠ written as escapes: esbuild copies a regular expression's characters as they are, and one character
// beyond Latin-1 makes V8 hold an agent's whole bundle at two bytes a character (agent-bundle.spec.ts).
const SYMBOL_PATTERN = /^(.*?)\s*(<=|>=|==|!=|\u2264|\u2265|\u2260|<|>|=)\s*(.*)$/;
const WORD_PATTERN = new RegExp(
  `^(.*?)\\s+(?:is\\s+|drops\\s+|rises\\s+)?(${Object.keys(WORD_OPS).join('|')})\\s+(.+)$`,
  'i',
);
const NUMBER_PATTERN =
  /^(\$)?\s*([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+)\s*(ms|milliseconds?|s|secs?|seconds?|%|percent)?$/i;
/** Words that carry no meaning in a signal name ("any decision confidence" is `decision_confidence`). */
const FILLER = /^(?:any|the|a|an|if|when)\s+/i;

/** Whether a text compares something (`latency > 500ms`, `score exceeds 0.9`) rather than naming a flag. */
export function isComparison(text: string): boolean {
  return SYMBOL_PATTERN.test(text) || WORD_PATTERN.test(text);
}

/** `Model drift detected` → `model_drift_detected`. */
export function signalName(phrase: string): string {
  return phrase
    .replace(/\([^)]*\)/g, ' ')
    .trim()
    .replace(FILLER, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function parseThreshold(text: string): { value: number | boolean; unit?: string } | undefined {
  const lowered = text.trim().toLowerCase();
  if (lowered === 'true' || lowered === 'false') return { value: lowered === 'true' };
  const match = NUMBER_PATTERN.exec(text.trim());
  if (!match) return undefined;
  return { value: Number(match[2]!.replace(/,/g, '')), unit: match[3]?.toLowerCase() };
}

/**
 * Reads one condition: a comparison (`inference latency > 500ms`, `accuracy drop exceeds 5%`) or a bare
 * phrase, which names a boolean signal that must be true (`model drift detected`).
 * Units: ms and s become milliseconds on a `_ms` signal; % becomes a ratio (5% → 0.05).
 */
export function parseCondition(text: string): ParsedCondition {
  const comparison = SYMBOL_PATTERN.exec(text) ?? WORD_PATTERN.exec(text);
  if (comparison) {
    const [, left, rawOp, right] = comparison as unknown as [string, string, string, string];
    const op = SYMBOL_OPS[rawOp] ?? WORD_OPS[rawOp.toLowerCase()];
    let metric = signalName(left);
    if (!metric) return { ok: false, message: `no signal named before "${rawOp}"` };
    if (!op) return { ok: false, message: `unknown comparison "${rawOp}"` };
    const threshold = parseThreshold(right);
    if (!threshold)
      return { ok: false, message: `threshold "${right.trim()}" is not a number, true or false` };
    let value = threshold.value;
    if (typeof value === 'boolean' && op !== '==' && op !== '!=') {
      return { ok: false, message: `a true/false threshold cannot be compared with "${rawOp}"` };
    }
    const unit = threshold.unit;
    if (typeof value === 'number' && unit) {
      if (unit === '%' || unit === 'percent') value = value / 100;
      else {
        if (!unit.startsWith('m')) value = value * 1000;
        if (!metric.endsWith('_ms')) metric = `${metric}_ms`;
      }
    }
    return { ok: true, metric, op, threshold: value };
  }
  const bare = text.replace(/\([^)]*\)/g, ' ').trim();
  if (!/^[A-Za-z][A-Za-z0-9_\-\s']*$/.test(bare)) {
    return { ok: false, message: 'neither a comparison nor a plain condition phrase' };
  }
  return { ok: true, metric: signalName(bare), op: '==', threshold: true };
}
