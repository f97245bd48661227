import { parseEscalationPolicy } from '@l9/runtime/shared';
import type { AgentRenderContext } from '../render-context';

/**
 * Whether the schema's escalation policy yields rules, read with the grammar the agent runs on. None for no
 * policy, for "No escalation required", and for a policy whose every clause was reported (L9W054).
 */
export function policyHasRules(ctx: AgentRenderContext): boolean {
  const { escalationpolicy } = ctx.spec.governance;
  return escalationpolicy !== undefined && parseEscalationPolicy(escalationpolicy).rules.length > 0;
}

/**
 * The generated tests' expression for signals that meet no rule of the agent and leave none out (governance
 * escalates a decision missing a signal its rules compare); `runtimeExpr` names the test's AgentRuntime.
 */
export function calmSignalsExpression(runtimeExpr: string): string {
  return `compliantSignals(${runtimeExpr}.governance.policy.rules)`;
}

/**
 * How a generated test makes this agent escalate, decided from its schema: signals that meet the first
 * rule of the escalation policy (every other signal calm); without rules, the `requires_approval` flag
 * (hybrid) or nothing at all (supervised escalates every decision). Autonomous agents without rules never escalate.
 */
export interface EscalationDrill {
  possible: boolean;
  /** Statements (4-space indented) declaring `signals` and `flags`; they use `runtime`, `violatingSignals` and `compliantSignals`. */
  setup: string[];
  /** True when the drill goes through a parsed rule (the test then checks that rule matched). */
  byRule: boolean;
  /** What escalates it, for test names. */
  cause: string;
}

export function escalationDrill(ctx: AgentRenderContext): EscalationDrill {
  const { mode } = ctx.spec.governance;
  if (policyHasRules(ctx)) {
    return {
      possible: true,
      byRule: true,
      cause: 'meets the first rule of its escalation policy',
      setup: [
        '    const [rule] = runtime.governance.policy.rules;',
        "    if (!rule) throw new Error('the escalation policy of the schema parsed into no rule');",
        `    const signals = { ...${calmSignalsExpression('runtime')}, ...violatingSignals(rule) };`,
        '    const flags: string[] = [];',
      ],
    };
  }
  if (mode === 'hybrid') {
    return {
      possible: true,
      byRule: false,
      cause: 'carries the requires_approval flag',
      setup: ['    const signals = {};', "    const flags = ['requires_approval'];"],
    };
  }
  if (mode === 'supervised') {
    return {
      possible: true,
      byRule: false,
      cause: 'is taken in supervised mode',
      setup: ['    const signals = {};', '    const flags: string[] = [];'],
    };
  }
  return { possible: false, byRule: false, cause: 'never escalates', setup: [] };
}

/** Runtime names the governance tests of this agent import. */
export function drillImports(ctx: AgentRenderContext): string[] {
  return policyHasRules(ctx) ? ['compliantSignals', 'violatingSignals'] : [];
}
