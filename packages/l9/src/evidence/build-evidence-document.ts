import type { EvidenceSectionId } from '../meta/validation-checklist-meta';
import { finalDeclaration, governanceCompliance } from './declaration-sections';
import type { EvidenceDocument, ReportBlock } from './evidence-document';
import type { EvidencePredicate, EvidenceStatement } from './evidence-statement';
import { phaseFive, phaseFour, phaseOne, phaseThree, phaseTwo } from './phase-sections';
import { lockedPlan, phaseZero, schemaInputSummary } from './plan-sections';

/** The signature the statement was opened with: who signed it, checked before anything is rendered. */
export interface StatementSeal {
  /** sha256 of the public key the signature verified with (DSSE key id). */
  keyid: string;
  /** The file that public key is published in, beside the statement. */
  publicKeyFile: string;
}

const SECTION_CONTENT: Record<
  EvidenceSectionId,
  (p: EvidencePredicate, seal: StatementSeal | undefined) => ReportBlock[]
> = {
  'schema-input-summary': schemaInputSummary,
  'locked-plan': lockedPlan,
  'phase-0': phaseZero,
  'phase-1': phaseOne,
  'phase-2': phaseTwo,
  'phase-3': phaseThree,
  'phase-4': phaseFour,
  'phase-5': phaseFive,
  'governance-compliance': governanceCompliance,
  'final-declaration': finalDeclaration,
};

/**
 * The report's ten sections, titled and ordered as the checklist template recorded in the statement. `seal`
 * is the signature the statement was opened with; without it the report says the statement is not signed.
 */
export function buildEvidenceDocument(statement: EvidenceStatement, seal?: StatementSeal): EvidenceDocument {
  const p = statement.predicate;
  return {
    title: `L9 evidence report: ${p.ecosystem.title}`,
    sections: p.report_sections.map((section, i) => ({
      id: section.id,
      heading: `${i + 1}. ${section.title}`,
      blocks: SECTION_CONTENT[section.id](p, seal),
    })),
  };
}
