import { buildEvidenceDocument, type StatementSeal } from './build-evidence-document';
import type { ReportBlock } from './evidence-document';
import type { EvidenceStatement } from './evidence-statement';
import { escapeHtml } from './escape-text';
import { renderDependencySvg } from './render-dependency-svg';

/** Styles inline, so the page is one file that opens anywhere without fetching anything. */
const STYLE = [
  'body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}',
  'table{border-collapse:collapse;margin:1rem 0;width:100%}',
  'th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}',
  'th{background:#f6f8fa}',
  'td.fail{color:#b42318;font-weight:600}',
  '.graph-box{overflow-x:auto;border:1px solid #d0d7de;margin:1rem 0}',
  '.graph .agent rect{fill:#eef6ff;stroke:#0969da;stroke-width:1.5}',
  '.graph .agent.failing rect{fill:#fff1f0;stroke:#b42318}',
  '.graph text{font-size:13px;fill:#1b1f24}',
  '.graph .wave{font-size:12px;fill:#57606a}',
  '.graph .edge{fill:none;stroke:#57606a;stroke-width:1.5}',
  '.graph .edge.soft{stroke-dasharray:5 4}',
  '.graph marker path{fill:#57606a}',
].join('\n');

function renderBlock(block: ReportBlock, statement: EvidenceStatement): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'list':
      return block.items.length > 0
        ? `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`
        : '';
    case 'table': {
      const head = `<tr>${block.head.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr>`;
      const rows = block.rows.map(
        (row) =>
          `<tr>${row.map((cell) => `<td${cell === 'FAIL' ? ' class="fail"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`,
      );
      return `<table>\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
    }
    case 'graph':
      return `<div class="graph-box">\n${renderDependencySvg(statement.predicate)}\n</div>`;
  }
}

/** `evidence_report.html`: the report's content and the dependency graph, self-contained and rendered from the statement alone. */
export function renderEvidenceHtml(statement: EvidenceStatement, seal?: StatementSeal): string {
  const document = buildEvidenceDocument(statement, seal);
  const sections = document.sections.map((section) =>
    [
      `<section id="${escapeHtml(section.id)}">`,
      `<h2>${escapeHtml(section.heading)}</h2>`,
      ...section.blocks.map((b) => renderBlock(b, statement)).filter((html) => html !== ''),
      '</section>',
    ].join('\n'),
  );
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(document.title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(document.title)}</h1>`,
    ...sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
