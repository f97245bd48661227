import type { Diagnostic } from './diagnostic';
import { sortDiagnostics } from './diagnostic';

/** `file:line:col: error L9E012 message (hint)` — the form editors and terminals link. */
export function formatDiagnosticText(d: Diagnostic): string {
  const hint = d.hint ? `\n  hint: ${d.hint}` : '';
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}${hint}`;
}

export function formatDiagnosticsText(diagnostics: readonly Diagnostic[]): string {
  return sortDiagnostics(diagnostics).map(formatDiagnosticText).join('\n');
}

export function formatDiagnosticsJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(sortDiagnostics(diagnostics), null, 2);
}

const GITHUB_LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** Escapes per the GitHub workflow-command rules: `%`, CR and LF always; `:` and `,` inside properties. */
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=…,line=…,col=…,title=L9E012::message` — shown inline on pull requests by GitHub Actions. */
export function formatDiagnosticGithub(d: Diagnostic): string {
  const message = d.hint ? `${d.message} (${d.hint})` : d.message;
  const props = `file=${escapeProperty(d.file)},line=${d.line},col=${d.column},title=${escapeProperty(d.code)}`;
  return `::${GITHUB_LEVEL[d.severity]} ${props}::${escapeData(message)}`;
}

export function formatDiagnosticsGithub(diagnostics: readonly Diagnostic[]): string {
  return sortDiagnostics(diagnostics).map(formatDiagnosticGithub).join('\n');
}

export type DiagnosticFormat = 'text' | 'json' | 'github';

export function formatDiagnostics(diagnostics: readonly Diagnostic[], format: DiagnosticFormat): string {
  if (format === 'json') return formatDiagnosticsJson(diagnostics);
  if (format === 'github') return formatDiagnosticsGithub(diagnostics);
  return formatDiagnosticsText(diagnostics);
}
