import type { AuditProblem } from './verify-audit-log';

/**
 * Opening refused: the stored log does not verify (cut, edited, reordered, its head or checkpoints forged or
 * deleted). Extending it would bury the damage under new, validly signed entries, so nothing is written.
 */
export class AuditLogTamperedError extends Error {
  constructor(
    readonly where: string,
    readonly problems: readonly AuditProblem[],
  ) {
    const shown = problems
      .slice(0, 5)
      .map((problem) => `${problem.kind} at ${problem.seq}: ${problem.message}`);
    const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
    super(
      `audit log ${where} does not verify, so it is not extended: ${shown.join('; ')}${more}. ` +
        'Keep it as evidence, inspect it with `l9-runtime audit verify`, and start a new log (another L9_AUDIT_FILE or L9_PG_SCHEMA_PREFIX) to serve again',
    );
    this.name = 'AuditLogTamperedError';
  }
}
