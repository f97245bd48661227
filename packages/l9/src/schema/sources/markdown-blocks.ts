import type { Diagnostic } from '../../diagnostics';
import type { SourceRegion } from '../yaml';

/** A YAML region found in a Markdown file: the front matter or one fenced `yaml` block. */
export interface MarkdownYamlBlock {
  kind: 'front-matter' | 'fenced';
  text: string;
  region: SourceRegion;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})\s*([A-Za-z0-9_-]*)[^`]*$/;
const YAML_INFO = new Set(['yaml', 'yml']);

/**
 * Finds the YAML a Markdown schema collection carries: a front matter block at the very top
 * (`---` … `---`) and every fenced block whose info string is `yaml` or `yml`. Other fences are skipped
 * whole, so YAML-looking text inside a `bash` fence is never read as a schema.
 */
export function extractMarkdownYamlBlocks(
  text: string,
  file: string,
): { blocks: MarkdownYamlBlock[]; diagnostics: Diagnostic[] } {
  const lines = text.split(/\r?\n/);
  const blocks: MarkdownYamlBlock[] = [];
  const diagnostics: Diagnostic[] = [];
  let index = 0;

  if (lines[0]?.trim() === '---') {
    const close = lines.findIndex((line, i) => i > 0 && (line.trim() === '---' || line.trim() === '...'));
    if (close < 0) {
      diagnostics.push({
        code: 'L9E013',
        severity: 'error',
        message: 'front matter opened with `---` is never closed',
        file,
        line: 1,
        column: 1,
        hint: 'end the front matter with a line holding only `---`',
      });
      return { blocks, diagnostics };
    }
    blocks.push({
      kind: 'front-matter',
      text: lines.slice(1, close).join('\n'),
      region: { file, lineOffset: 1, columnOffset: 0 },
    });
    index = close + 1;
  }

  while (index < lines.length) {
    const open = FENCE_OPEN.exec(lines[index] ?? '');
    if (!open) {
      index += 1;
      continue;
    }
    const indent = open[1] ?? '';
    const fence = open[2] ?? '```';
    const info = (open[3] ?? '').toLowerCase();
    const closeAt = lines.findIndex(
      (line, i) => i > index && line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '',
    );
    if (closeAt < 0) {
      if (YAML_INFO.has(info)) {
        diagnostics.push({
          code: 'L9E013',
          severity: 'error',
          message: `fenced \`${info}\` block is never closed`,
          file,
          line: index + 1,
          column: indent.length + 1,
          hint: `close it with a line holding only ${fence}`,
        });
      }
      break;
    }
    if (YAML_INFO.has(info)) {
      // Lines of a fence indented inside a list carry that indentation; strip it so YAML sees its own columns.
      const body = lines
        .slice(index + 1, closeAt)
        .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
      blocks.push({
        kind: 'fenced',
        text: body.join('\n'),
        region: { file, lineOffset: index + 1, columnOffset: indent.length },
      });
    }
    index = closeAt + 1;
  }
  return { blocks, diagnostics };
}
