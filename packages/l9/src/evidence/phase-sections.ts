import { paragraph, tableOr, type ReportBlock } from './evidence-document';
import type { EvidencePredicate } from './evidence-statement';
import { gateTable, verdictTable } from './report-tables';

/** Section 4: phase 1 — the baseline checks of every agent. */
export function phaseOne(p: EvidencePredicate): ReportBlock[] {
  return [verdictTable(p, 1)];
}

/** Section 5: phase 2 — the files that were generated against those the plan locked. */
export function phaseTwo(p: EvidencePredicate): ReportBlock[] {
  const missing = p.agents.flatMap((a) => a.missing_planned_files.map((file) => `${a.id}: ${file}`));
  return [
    tableOr(
      ['Agent', 'Planned', 'Generated', 'User-owned', 'Missing'],
      p.agents.map((a) => [
        a.name,
        String(a.planned_files),
        String(a.files.filter((f) => f.ownership === 'generated').length),
        String(a.files.filter((f) => f.ownership === 'user').length),
        String(a.missing_planned_files.length),
      ]),
      'The plan holds no agent.',
    ),
    ...(missing.length > 0
      ? [paragraph('Planned but absent:'), { kind: 'list' as const, items: missing }]
      : []),
    verdictTable(p, 2),
  ];
}

/** Section 6: phase 3 — forbidden markers and the enforcement checks. */
export function phaseThree(p: EvidencePredicate): ReportBlock[] {
  return [gateTable(p, ['forbidden-markers']), markerTable(p), verdictTable(p, 3)];
}

function markerTable(p: EvidencePredicate): ReportBlock {
  const scopes = [{ agent: 'ecosystem', counts: p.gates.ecosystem.counts }, ...p.gates.agents];
  return tableOr(
    ['Scope', 'Files scanned', 'Files with markers', 'Markers found'],
    scopes.map(({ agent, counts }) => [
      agent,
      String(counts.forbidden_markers.files_scanned),
      String(counts.forbidden_markers.files_with_markers),
      String(counts.forbidden_markers.found),
    ]),
    'No file was scanned.',
  );
}

/** Section 7: phase 4 — tests, integration pairs and coverage against their gates. */
export function phaseFour(p: EvidencePredicate): ReportBlock[] {
  return [gateTable(p, ['tests', 'integration', 'coverage']), verdictTable(p, 4)];
}

/** Section 8: phase 5 — code against schema, and the domain modules still on l9's default behaviour. */
export function phaseFive(p: EvidencePredicate): ReportBlock[] {
  const generated = p.agents.reduce(
    (n, a) => n + a.files.filter((f) => f.ownership === 'generated').length,
    0,
  );
  const userOwned = p.agents.reduce((n, a) => n + a.files.filter((f) => f.ownership === 'user').length, 0);
  const defaults = p.agents.filter((a) => a.domain_modules_with_default.length > 0);
  return [
    paragraph(
      `${generated} generated and ${userOwned} user-owned files are subjects of the signed statement, each with its sha256.`,
    ),
    verdictTable(p, 5),
    tableOr(
      ['Agent', 'Domain modules still on the default behaviour'],
      defaults.map((a) => [a.name, a.domain_modules_with_default.join(', ')]),
      'Every domain module has been given its own behaviour.',
    ),
  ];
}
