import type { AnyDiagnosticCode } from './codes';

/**
 * One problem found in a user's input, in the coordinates of the file the user wrote
 * (for a YAML block inside Markdown: the line and column in the `.md`).
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Stable code, e.g. `L9E012`; listed with its meaning in `codes.ts`. */
  code: AnyDiagnosticCode;
  severity: Severity;
  message: string;
  /** Path as the user gave it (relative to the workspace when possible). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** How to fix it, e.g. a did-you-mean. */
  hint?: string;
}

/** Orders diagnostics by file, then position, then code, so output is stable whatever the discovery order. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(compareDiagnostics);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
