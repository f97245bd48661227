import {
  formatDiagnosticGithub,
  formatDiagnosticsJson,
  formatDiagnosticText,
  sortDiagnostics,
  type Diagnostic,
  type DiagnosticFormat,
} from '../../diagnostics';
import { blocksGeneration } from '../../plan/plan-ecosystem';
import { logger } from './generator-logger';

/** Thrown when input problems stop generation; its message is for the user, not a crash report. */
export class L9GenerationError extends Error {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(message);
    this.name = 'L9GenerationError';
  }
}

/**
 * Prints the diagnostics in the chosen form. Text goes through Nx's logger by severity; a JSON document and
 * GitHub workflow commands go to stdout as they are, since tools read them there.
 */
function printDiagnostics(diagnostics: readonly Diagnostic[], format: DiagnosticFormat): void {
  if (diagnostics.length === 0) return;
  if (format === 'json') {
    process.stdout.write(`${formatDiagnosticsJson(diagnostics)}\n`);
    return;
  }
  for (const d of sortDiagnostics(diagnostics)) {
    if (format === 'github') process.stdout.write(`${formatDiagnosticGithub(d)}\n`);
    else if (d.severity === 'error') logger.error(formatDiagnosticText(d));
    else if (d.severity === 'warning') logger.warn(formatDiagnosticText(d));
    else logger.info(formatDiagnosticText(d));
  }
}

/**
 * Prints every diagnostic (`file:line:col: error CODE …` by default) and stops generation — before anything
 * is written, since every write goes through the Tree — when one of them blocks it.
 */
export function reportDiagnostics(
  diagnostics: readonly Diagnostic[],
  strict: boolean,
  format: DiagnosticFormat = 'text',
): void {
  printDiagnostics(diagnostics, format);
  if (blocksGeneration(diagnostics, strict)) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    const counted = strict && errors === 0 ? `${warnings} warning(s) in strict mode` : `${errors} error(s)`;
    throw new L9GenerationError(`L9 stopped: ${counted} in the schemas; nothing was written.`, diagnostics);
  }
}
