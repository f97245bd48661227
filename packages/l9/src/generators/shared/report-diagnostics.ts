import { formatDiagnosticText, sortDiagnostics, type Diagnostic } from '../../diagnostics';
import { blocksGeneration } from '../../plan/plan-ecosystem';
import { logger } from './nx-logger';

/** Thrown when input problems stop generation; its message is for the user, not a crash report. */
export class L9GenerationError extends Error {
  constructor(message: string, readonly diagnostics: readonly Diagnostic[]) {
    super(message);
    this.name = 'L9GenerationError';
  }
}

/**
 * Prints every diagnostic (`file:line:col: error CODE …`) and stops generation — before anything is written,
 * since every write goes through the Tree — when one of them blocks it.
 */
export function reportDiagnostics(diagnostics: readonly Diagnostic[], strict: boolean): void {
  for (const d of sortDiagnostics(diagnostics)) {
    const text = formatDiagnosticText(d);
    if (d.severity === 'error') logger.error(text);
    else if (d.severity === 'warning') logger.warn(text);
    else logger.info(text);
  }
  if (blocksGeneration(diagnostics, strict)) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    const counted = strict && errors === 0 ? `${warnings} warning(s) in strict mode` : `${errors} error(s)`;
    throw new L9GenerationError(`L9 stopped: ${counted} in the schemas; nothing was written.`, diagnostics);
  }
}
