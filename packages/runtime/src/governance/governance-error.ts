/** Why a governance call was refused; the HTTP layer maps each code to a status. */
export type GovernanceErrorCode =
  | 'invalid_input'
  /** No resolution was presented (401). */
  | 'missing_resolution'
  /** The resolution is not a well-formed signed statement (401). */
  | 'malformed_resolution'
  /** The resolution does not verify, or is for another agent, escalation or action, or stale (403). */
  | 'resolution_refused'
  /** The agent has no anchor keys (`L9_ANCHORS_FILE`), so it accepts no resolution (403). */
  | 'anchor_keys_not_configured'
  | 'override_disabled'
  | 'not_found'
  | 'already_resolved'
  /** The audit log or the escalation store could not record the resolution (503). */
  | 'unavailable';

export class GovernanceError extends Error {
  constructor(
    readonly code: GovernanceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GovernanceError';
  }
}

/** Turns a zod failure into one readable line: `decision.signals.confidence: expected number`. */
export function describeIssues(
  what: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): string {
  return issues.map((issue) => `${[what, ...issue.path.map(String)].join('.')}: ${issue.message}`).join('; ');
}
