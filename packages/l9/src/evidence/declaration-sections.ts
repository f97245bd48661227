import { countOf, displayCounts, displayPercent, displayRequirement } from './display-counts';
import { paragraph, tableOr, type ReportBlock } from './evidence-document';
import type { EvidencePredicate } from './evidence-statement';
import type { StatementSeal } from './build-evidence-document';
import type { Verdict } from './evidence-fields';
import { gateTable, verdictTable } from './report-tables';

/**
 * Phase 6's own check, which the statement cannot hold since it is about the statement: the signature was
 * verified with the published key before this report was rendered from the signed payload.
 */
function signatureCheck(seal: StatementSeal | undefined): Verdict {
  return {
    id: 'statement-signed',
    phase: 6,
    title: 'the statement this report is rendered from is signed (Ed25519, DSSE) and its signature verifies',
    passed: seal !== undefined,
    evidence: [
      seal
        ? {
            file: seal.publicKeyFile,
            detail: `signature by key ${seal.keyid} verified over the statement before rendering`,
          }
        : { file: 'evidence_statement.json', detail: 'rendered from a statement that was not signed' },
    ],
  };
}

/** Section 9: who governs each agent, what is audited, and the phase 6 checks (the signature, every file covered). */
export function governanceCompliance(p: EvidencePredicate, seal?: StatementSeal): ReportBlock[] {
  return [
    tableOr(
      ['Agent', 'Mode', 'Anchors', 'Human override', 'Audit scope'],
      p.agents.map((a) => [
        a.name,
        a.governance.mode,
        a.governance.anchors.join(', ') || 'none',
        a.governance.human_override ? 'yes' : 'no',
        a.governance.audit_scope.join(', ') || 'none',
      ]),
      'The plan holds no agent.',
    ),
    paragraph(
      'This report is rendered from a statement signed with Ed25519 in a DSSE envelope; its subjects are the sha256 digests of every file of every agent, generated and user-owned, checked by verify-evidence.',
    ),
    verdictTable(p, 6, [{ scope: 'ecosystem', check: signatureCheck(seal) }]),
  ];
}

/**
 * Section 10: completion is declared only when the statement says every gate and check passed;
 * otherwise every failed gate is listed with its counts and every failed check with its phase.
 */
export function finalDeclaration(p: EvidencePredicate): ReportBlock[] {
  const { completion } = p;
  const checks = p.verdicts.ecosystem.length + p.verdicts.agents.reduce((n, a) => n + a.checks.length, 0);
  if (completion.complete) {
    return [
      gateTable(
        p,
        p.thresholds.map((t) => t.id),
      ),
      paragraph(
        `All phases complete. Every gate passed for the ecosystem and for each of its ${countOf(p.agents.length, 'agent')}, and all ${countOf(checks, 'check')} passed.`,
      ),
    ];
  }
  const gateOf = new Map(p.thresholds.map((t) => [t.id, t]));
  return [
    gateTable(
      p,
      p.thresholds.map((t) => t.id),
    ),
    paragraph(
      `Not complete: ${countOf(completion.failed_gates.length, 'gate')} and ${completion.failed_checks.length} of ${countOf(checks, 'check')} failed.`,
    ),
    tableOr(
      ['Scope', 'Gate', 'Counts', 'Percent', 'Required'],
      completion.failed_gates.map((g) => [
        g.scope,
        gateOf.get(g.gate)!.title,
        displayCounts(g.passed, g.total),
        displayPercent(g.passed, g.total),
        displayRequirement(gateOf.get(g.gate)!),
      ]),
      'Every gate passed.',
    ),
    tableOr(
      ['Scope', 'Phase', 'Check', 'Title'],
      completion.failed_checks.map((c) => [c.scope, String(c.phase), c.check, c.title]),
      'Every check passed.',
    ),
  ];
}
