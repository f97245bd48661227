import type { GateId } from '../meta/validation-checklist-meta';
import { displayCounts, displayPercent, displayRequirement, displayVerdict } from './display-counts';
import { tableOr, type ReportBlock } from './evidence-document';
import type { CheckEvidence, Verdict } from './evidence-fields';
import type { EvidencePredicate } from './evidence-statement';

/** At most this many evidence items per check in a table cell; the rest are counted. */
const EVIDENCE_ITEMS_SHOWN = 5;

export function describeEvidence(evidence: readonly CheckEvidence[]): string {
  const shown = evidence
    .slice(0, EVIDENCE_ITEMS_SHOWN)
    .map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.detail}`);
  const rest = evidence.length - shown.length;
  return [...shown, ...(rest > 0 ? [`and ${rest} more`] : [])].join('; ');
}

/** A check with the scope it was made for: `ecosystem` or an agent id. */
export interface ScopedVerdict {
  scope: string;
  check: Verdict;
}

/** Every check of `phase`, ecosystem checks first (`made` ones, made while rendering, before them), then each agent's in plan order. */
export function verdictTable(
  predicate: EvidencePredicate,
  phase: number,
  made: readonly ScopedVerdict[] = [],
): ReportBlock {
  const scoped = [
    ...made,
    ...predicate.verdicts.ecosystem.map((check) => ({ scope: 'ecosystem', check })),
    ...predicate.verdicts.agents.flatMap((a) => a.checks.map((check) => ({ scope: a.agent, check }))),
  ].filter(({ check }) => check.phase === phase);
  return tableOr(
    ['Scope', 'Check', 'Verdict', 'Evidence'],
    scoped.map(({ scope, check }) => [
      scope,
      `${check.id}: ${check.title}`,
      displayVerdict(check.passed),
      describeEvidence(check.evidence),
    ]),
    `No check of phase ${phase} was recorded.`,
  );
}

/** The listed gates for the ecosystem (summed counts) and for each agent, with counts, percentage and verdict. */
export function gateTable(predicate: EvidencePredicate, gates: readonly GateId[]): ReportBlock {
  const scopes = [
    { scope: 'ecosystem', outcomes: predicate.gates.ecosystem.outcomes },
    ...predicate.gates.agents.map((g) => ({ scope: g.agent, outcomes: g.outcomes })),
  ];
  const rows = scopes.flatMap(({ scope, outcomes }) =>
    outcomes
      .filter((o) => gates.includes(o.gate))
      .map((o) => {
        const gate = predicate.thresholds.find((t) => t.id === o.gate)!;
        return [
          scope,
          gate.title,
          displayCounts(o.passed, o.total),
          displayPercent(o.passed, o.total),
          displayRequirement(gate),
          displayVerdict(o.ok),
        ];
      }),
  );
  return tableOr(['Scope', 'Gate', 'Counts', 'Percent', 'Required', 'Verdict'], rows, 'No gate was decided.');
}
