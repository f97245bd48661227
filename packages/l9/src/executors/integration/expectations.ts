import type { AgentProfile } from './inspection-client';

/** The governance flag every pair's third packet carries. */
export const GOVERNANCE_FLAG = 'requires_approval';

/** What a plain packet gets from an agent: supervised agents escalate everything (202), others answer (200). */
export function plainStatus(profile: AgentProfile): 200 | 202 {
  return profile.governance.mode === 'supervised' ? 202 : 200;
}

/**
 * Whether a packet carrying `flag` is escalated: always in supervised mode, in hybrid mode when the flag is
 * one of the agent's escalation flags, never in autonomous mode (only rules escalate there).
 */
export function flagEscalates(profile: AgentProfile, flag: string = GOVERNANCE_FLAG): boolean {
  const { mode, escalation_flags } = profile.governance;
  return mode === 'supervised' || (mode === 'hybrid' && escalation_flags.includes(flag));
}
