/** Where a check found what it reports: a file and, when it points at one, a line. */
export interface CheckEvidence {
  file: string;
  line?: number;
  detail: string;
}

/** One checklist item of a phase, with what proves it either way. */
export interface CheckResult {
  id: string;
  phase: number;
  title: string;
  passed: boolean;
  evidence: CheckEvidence[];
}

export interface TargetReport {
  format: 'l9/target-report@1';
  target: 'validate' | 'verify';
  agent: { id: string; name: string };
  passed: boolean;
  checks: CheckResult[];
  /** Integer counts behind the gates (verify only). */
  gates?: Record<string, { passed: number; total: number; ok: boolean }>;
  /** The forbidden-marker scan in counts (validate only). */
  markers?: { found: number; files_scanned: number; files_with_markers: number };
}

export function check(
  id: string,
  phase: number,
  title: string,
  failures: CheckEvidence[],
  proof: CheckEvidence[] = [],
): CheckResult {
  return {
    id,
    phase,
    title,
    passed: failures.length === 0,
    evidence: failures.length > 0 ? failures : proof,
  };
}

/** `file:line: detail` lines as a terminal shows them, failures first. */
export function formatReport(report: TargetReport): string {
  const lines = [`${report.target} ${report.agent.id}: ${report.passed ? 'passed' : 'FAILED'}`];
  for (const c of report.checks) {
    lines.push(`  ${c.passed ? 'ok  ' : 'FAIL'} [phase ${c.phase}] ${c.id}: ${c.title}`);
    if (!c.passed)
      for (const e of c.evidence) lines.push(`       ${e.file}${e.line ? `:${e.line}` : ''}: ${e.detail}`);
  }
  for (const [id, gate] of Object.entries(report.gates ?? {}))
    lines.push(`  ${gate.ok ? 'ok  ' : 'FAIL'} gate ${id}: ${gate.passed}/${gate.total}`);
  return lines.join('\n');
}
