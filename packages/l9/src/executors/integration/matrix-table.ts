import { textTable } from '../../text-table';
import type { LegResult } from './leg-checks';
import type { MatrixRun } from './matrix-result';

const cell = (leg: LegResult): string => leg.status;

/** The run as a table (pair, rest, stream, escalation, a2a, lineage, verdict), then every failure spelled out. */
export function matrixTable(run: MatrixRun): string {
  const rows = run.pairs.map((p) => [
    `${p.source} → ${p.destination}`,
    cell(p.rest),
    cell(p.stream),
    cell(p.escalation),
    cell(p.a2a),
    cell(p.lineage),
    p.passed ? 'PASS' : 'FAIL',
  ]);
  const header = ['pair', 'rest', 'stream', 'escalation', 'a2a', 'lineage', 'verdict'];
  const passed = run.pairs.filter((p) => p.passed).length;
  const out = [
    `integration matrix on ${run.backends} backends (stream leg: ${run.stream === 'shared' ? 'shared Redis stream, across processes' : 'n/a, no stream shared between processes'})`,
    textTable([header, ...rows], { rule: true }),
  ];
  out.push(`${passed}/${run.pairs.length} pairs passed in ${(run.duration_ms / 1000).toFixed(1)} s`);
  for (const p of run.pairs) {
    for (const [name, leg] of Object.entries({
      rest: p.rest,
      stream: p.stream,
      escalation: p.escalation,
      a2a: p.a2a,
      lineage: p.lineage,
    })) {
      for (const failure of leg.failures) out.push(`  ${p.source} → ${p.destination} ${name}: ${failure}`);
    }
  }
  return `${out.join('\n')}\n`;
}
