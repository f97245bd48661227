/** Why a governance call was refused; the HTTP layer maps each code to a status. */
export type GovernanceErrorCode = 'invalid_input' | 'not_an_anchor' | 'override_disabled' | 'not_found' | 'already_resolved';

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
  return issues
    .map((issue) => `${[what, ...issue.path.map(String)].join('.')}: ${issue.message}`)
    .join('; ');
}
