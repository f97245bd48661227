import type { EvidenceSectionId } from '../meta/validation-checklist-meta';

/**
 * The evidence report as content only. Both the Markdown report and the HTML page render this one
 * document, built from the signed statement, so the two cannot say different things.
 */
export type ReportBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] }
  /** The dependency graph by waves; drawn by the HTML page, whose Markdown twin has the same edges as a table. */
  | { kind: 'graph' };

export interface ReportSection {
  id: EvidenceSectionId;
  /** `<n>. <title from the checklist template>`. */
  heading: string;
  blocks: ReportBlock[];
}

export interface EvidenceDocument {
  title: string;
  sections: ReportSection[];
}

export const paragraph = (text: string): ReportBlock => ({ kind: 'paragraph', text });

/** A table, or a sentence saying there is nothing to list. */
export function tableOr(head: string[], rows: string[][], whenEmpty: string): ReportBlock {
  return rows.length > 0 ? { kind: 'table', head, rows } : paragraph(whenEmpty);
}
