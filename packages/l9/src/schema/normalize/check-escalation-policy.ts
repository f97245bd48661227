import type { Diagnostic } from '../../diagnostics';
import { parseEscalationPolicy } from '@l9/runtime/shared';
import type { AgentSource } from './agent-source';

const GRAMMAR_HINT =
  'write each condition as "<signal> <op> <number|true|false>" (ops: < <= > >= == != or exceeds, below, at least, at most), ' +
  'or a plain phrase for a flag that must be true; join with AND / OR, separate clauses with commas, semicolons, lines or " - " bullets; ' +
  '"No escalation required" declares none';

/**
 * Reads the schema's escalation policy with the grammar the agent will run on, so a clause the agent could not
 * apply is found now, at the file, line and column where it is written, not logged at run time. A warning
 * (L9W054); in strict mode (L9_ENABLE_CODEGEN_STRICT_MODE) warnings stop generation.
 */
export function checkEscalationPolicy(policy: string | undefined, source: AgentSource): Diagnostic[] {
  if (policy === undefined || policy.trim() === '') return [];
  return parseEscalationPolicy(policy).diagnostics.map((diagnostic) => ({
    code: 'L9W054',
    severity: 'warning' as const,
    message: `escalation policy: ${diagnostic.message}`,
    hint: GRAMMAR_HINT,
    ...source.locateInText(['governance', 'escalationpolicy'], diagnostic.offset),
  }));
}
