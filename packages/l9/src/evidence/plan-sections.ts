import { countOf } from './display-counts';
import { paragraph, tableOr, type ReportBlock } from './evidence-document';
import type { EvidencePredicate } from './evidence-statement';
import { verdictTable } from './report-tables';

/** Section 1: what went in — the schema files and the agents they define. */
export function schemaInputSummary(p: EvidencePredicate): ReportBlock[] {
  return [
    paragraph(
      `${countOf(p.agents.length, 'agent')} of ecosystem ${p.ecosystem.id} from ${countOf(p.inputs.length, 'schema file')}.`,
    ),
    { kind: 'list', items: [...p.inputs] },
    tableOr(
      ['Agent', 'Id', 'Version', 'Spec sha256'],
      p.agents.map((a) => [a.name, a.id, a.version, a.spec_sha256]),
      'The plan holds no agent.',
    ),
  ];
}

/** Section 2: the locked plan — its hash, waves, edges and the integration matrix. */
export function lockedPlan(p: EvidencePredicate): ReportBlock[] {
  const nameOf = new Map(p.agents.map((a) => [a.id, a.name]));
  return [
    paragraph(`Plan sha256: ${p.plan_hash}.`),
    tableOr(
      ['Wave', 'Agents'],
      p.waves.map((wave, i) => [String(i + 1), wave.map((id) => nameOf.get(id) ?? id).join(', ')]),
      'The plan has no wave.',
    ),
    tableOr(
      ['From (ready first)', 'To (depends on it)', 'Kind'],
      p.edges.map((e) => [nameOf.get(e.from) ?? e.from, nameOf.get(e.to) ?? e.to, e.kind]),
      'No agent depends on another.',
    ),
    { kind: 'graph' },
    paragraph(
      `Integration matrix: ${p.integration_matrix.rule}, ${p.integration_matrix.pairs} ordered pairs.`,
    ),
  ];
}

/** Section 3: phase 0 — the order the plan fixed and what each agent was planned to get. */
export function phaseZero(p: EvidencePredicate): ReportBlock[] {
  return [
    tableOr(
      ['Position', 'Agent', 'Wave', 'Port', 'Planned files'],
      p.agents.map((a, i) => [
        String(i + 1),
        a.name,
        String(a.wave + 1),
        String(a.port),
        String(a.planned_files),
      ]),
      'The plan holds no agent.',
    ),
    verdictTable(p, 0),
  ];
}
