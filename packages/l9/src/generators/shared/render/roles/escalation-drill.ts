import type { AgentRenderContext } from '../render-context';

/**
 * How a generated test makes this agent escalate, decided from its schema: signals that meet the first
 * rule parsed from the escalation policy; without a policy, the `requires_approval` flag (hybrid) or nothing
 * at all (supervised escalates every decision). Autonomous agents without a policy never escalate.
 */
export interface EscalationDrill {
  possible: boolean;
  /** Statements (4-space indented) declaring `signals` and `flags`; they use `runtime` and `violatingSignals`. */
  setup: string[];
  /** True when the drill goes through a parsed rule (the test then checks that rule matched). */
  byRule: boolean;
  /** What escalates it, for test names. */
  cause: string;
}

export function escalationDrill(ctx: AgentRenderContext): EscalationDrill {
  const { mode, escalationpolicy } = ctx.spec.governance;
  if (escalationpolicy && escalationpolicy.trim() !== '') {
    return {
      possible: true,
      byRule: true,
      cause: 'meets the first rule of its escalation policy',
      setup: [
        '    const [rule] = runtime.governance.policy.rules;',
        "    if (!rule) throw new Error('the escalation policy of the schema parsed into no rule');",
        '    const signals = violatingSignals(rule);',
        '    const flags: string[] = [];',
      ],
    };
  }
  if (mode === 'hybrid') {
    return { possible: true, byRule: false, cause: 'carries the requires_approval flag', setup: ['    const signals = {};', "    const flags = ['requires_approval'];"] };
  }
  if (mode === 'supervised') {
    return { possible: true, byRule: false, cause: 'is taken in supervised mode', setup: ['    const signals = {};', '    const flags: string[] = [];'] };
  }
  return { possible: false, byRule: false, cause: 'never escalates', setup: [] };
}
