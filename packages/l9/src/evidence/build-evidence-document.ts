import type { EvidenceSectionId } from '../meta/validation-checklist-meta';
import { finalDeclaration, governanceCompliance } from './declaration-sections';
import type { EvidenceDocument, ReportBlock } from './evidence-document';
import type { EvidencePredicate, EvidenceStatement } from './evidence-statement';
import { phaseFive, phaseFour, phaseOne, phaseThree, phaseTwo } from './phase-sections';
import { lockedPlan, phaseZero, schemaInputSummary } from './plan-sections';

const SECTION_CONTENT: Record<EvidenceSectionId, (p: EvidencePredicate) => ReportBlock[]> = {
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

/** The report's ten sections, titled and ordered as the checklist template recorded in the statement. */
export function buildEvidenceDocument(statement: EvidenceStatement): EvidenceDocument {
  const p = statement.predicate;
  return {
    title: `L9 evidence report: ${p.ecosystem.title}`,
    sections: p.report_sections.map((section, i) => ({ id: section.id, heading: `${i + 1}. ${section.title}`, blocks: SECTION_CONTENT[section.id](p) })),
  };
}
