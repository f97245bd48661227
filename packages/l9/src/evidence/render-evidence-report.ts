import { buildEvidenceDocument, type StatementSeal } from './build-evidence-document';
import type { ReportBlock } from './evidence-document';
import type { EvidenceStatement } from './evidence-statement';
import { escapeMarkdown } from './escape-text';

function renderBlock(block: ReportBlock): string | null {
  switch (block.kind) {
    case 'paragraph':
      return escapeMarkdown(block.text);
    case 'list':
      return block.items.length > 0
        ? block.items.map((item) => `- ${escapeMarkdown(item)}`).join('\n')
        : null;
    case 'table': {
      const row = (cells: readonly string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
      return [row(block.head), `| ${block.head.map(() => '---').join(' | ')} |`, ...block.rows.map(row)].join(
        '\n',
      );
    }
    case 'graph':
      // The edges table of the same section carries the graph in Markdown.
      return null;
  }
}

/** `evidence_report.md`: the ten sections, rendered from the statement alone; the same statement gives the same bytes. */
export function renderEvidenceReport(statement: EvidenceStatement, seal?: StatementSeal): string {
  const document = buildEvidenceDocument(statement, seal);
  const parts = [`# ${escapeMarkdown(document.title)}`];
  for (const section of document.sections) {
    parts.push(`## ${escapeMarkdown(section.heading)}`);
    for (const block of section.blocks) {
      const text = renderBlock(block);
      if (text !== null) parts.push(text);
    }
  }
  return `${parts.join('\n\n')}\n`;
}
