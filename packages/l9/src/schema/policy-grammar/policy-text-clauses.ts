// Mirrored from packages/runtime/src/governance/policy-text-clauses.ts by tools/mirror-policy-grammar.ts: edit the original, then run the tool.
/** One clause of a free-text escalation policy with its position in the original text. */
export interface PolicyClause {
  text: string;
  offset: number;
}

const PREAMBLE = /^\s*(?:auto[-\s]?)?escalate\s+(?:if|when)\b\s*:?/i;

/**
 * Splits policy prose into clauses. Separators: line breaks, list bullets (a dash between spaces),
 * semicolons, and commas — except commas inside parentheses ("(e.g., …)") and between digits
 * ("$100,000"). The leading "Auto-escalate if:" is not a clause.
 */
export function splitPolicyClauses(text: string): PolicyClause[] {
  const preamble = PREAMBLE.exec(text);
  const start = preamble ? preamble[0].length : 0;
  const clauses: PolicyClause[] = [];
  let depth = 0;
  let clauseStart = start;

  const flush = (end: number): void => {
    const raw = text.slice(clauseStart, end);
    const leading = raw.length - raw.trimStart().length;
    const trimmed = raw
      .trim()
      .replace(/[.;:]+$/, '')
      .trim();
    if (trimmed.length > 0) clauses.push({ text: trimmed, offset: clauseStart + leading });
  };

  for (let index = start; index < text.length; index++) {
    const char = text[index]!;
    if (char === '(') depth++;
    else if (char === ')') depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    const separator =
      char === '\n' ||
      char === ';' ||
      (char === ',' && !(/\d/.test(text[index - 1] ?? '') && /\d/.test(text[index + 1] ?? ''))) ||
      (char === '-' && /^\s?$/.test(text[index - 1] ?? '') && /\s/.test(text[index + 1] ?? ''));
    if (separator) {
      flush(index);
      clauseStart = index + 1;
    }
  }
  flush(text.length);
  return clauses;
}
