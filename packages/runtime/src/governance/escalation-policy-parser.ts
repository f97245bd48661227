import type { EscalationRule } from './policy-rule-types';
import { isComparison, parseCondition } from './policy-condition';
import { splitPolicyClauses, type PolicyClause } from './policy-text-clauses';

/** A clause that could not become a rule, with where it is in the policy text. */
export interface PolicyDiagnostic {
  text: string;
  /** Character offset of the clause in the policy text. */
  offset: number;
  message: string;
}

export interface ParsedEscalationPolicy {
  rules: EscalationRule[];
  diagnostics: PolicyDiagnostic[];
  /** The policy says in words that nothing escalates ("No escalation required"): an explicit empty rule set. */
  declaredEmpty?: true;
}

/**
 * A first clause that declares no rules: "No escalation required", "no escalations needed", "None",
 * "Never escalate", "N/A". What follows it is commentary ("- fully autonomous operation"), unless it compares
 * something, which contradicts the declaration and is reported instead of silently dropped.
 */
const NO_ESCALATION =
  /^(?:no\s+escalations?(?:\s+(?:is\s+|are\s+)?(?:required|needed|necessary))?|none|never\s+escalates?|n\/a)$/i;

/**
 * Turns an L9 `escalationpolicy` text into rules: clauses (comma, bullet or line separated) are
 * alternatives; inside a clause AND joins conditions and OR separates alternatives (AND binds tighter).
 * A clause with any part that cannot be read is reported whole, never half-applied: dropping one side of
 * an AND would escalate more than the author asked, dropping one side of an OR less.
 */
export function parseEscalationPolicy(text: string, idPrefix = 'escalate'): ParsedEscalationPolicy {
  const clauses = splitPolicyClauses(text);
  if (clauses[0] && NO_ESCALATION.test(clauses[0].text)) {
    const contradictions = clauses.slice(1).filter((clause) => isComparison(clause.text));
    const diagnostics = contradictions.map((clause) => ({
      text: clause.text,
      offset: clause.offset,
      message: `"${clauses[0]!.text}" declares no escalation rules, yet "${clause.text}" is a condition; remove one or the other`,
    }));
    return { rules: [], diagnostics, declaredEmpty: true };
  }
  const rules: EscalationRule[] = [];
  const diagnostics: PolicyDiagnostic[] = [];
  // Ids follow clause positions, so `escalate-3` is the third clause whether or not an earlier one failed.
  for (const [index, clause] of clauses.entries()) {
    const result = parseClause(clause, `${idPrefix}-${index + 1}`);
    if ('rule' in result) rules.push(result.rule);
    else diagnostics.push(result.diagnostic);
  }
  return { rules, diagnostics };
}

function parseClause(
  clause: PolicyClause,
  id: string,
): { rule: EscalationRule } | { diagnostic: PolicyDiagnostic } {
  const alternatives = clause.text.split(/\s+or\s+/i).map((alternative) => alternative.split(/\s+and\s+/i));
  const built: EscalationRule[] = [];
  for (const [altIndex, conditions] of alternatives.entries()) {
    const altId = alternatives.length > 1 ? `${id}.${altIndex + 1}` : id;
    const leaves: EscalationRule[] = [];
    for (const [condIndex, conditionText] of conditions.entries()) {
      const parsed = parseCondition(conditionText.trim());
      if (!parsed.ok) {
        return {
          diagnostic: {
            text: clause.text,
            offset: clause.offset,
            message: `cannot read "${conditionText.trim()}": ${parsed.message}`,
          },
        };
      }
      const leafId = conditions.length > 1 ? `${altId}.${condIndex + 1}` : altId;
      leaves.push({ id: leafId, metric: parsed.metric, op: parsed.op, threshold: parsed.threshold });
    }
    built.push(leaves.length === 1 ? leaves[0]! : { id: altId, all: leaves });
  }
  const rule = built.length === 1 ? built[0]! : { id, any: built };
  return { rule: { ...rule, description: clause.text } };
}
