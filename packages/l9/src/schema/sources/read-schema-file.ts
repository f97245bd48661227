import type { Diagnostic } from '../../diagnostics';
import type { AgentSource } from '../normalize/agent-source';
import { parseYamlStream, wholeFile } from '../yaml';
import { decodeSchemaFile, type IngestLimits, type SchemaFileInput } from './decode-schema-file';
import { extractMarkdownYamlBlocks, type MarkdownYamlBlock } from './markdown-blocks';
import { mergeDocuments } from './merge-documents';

/** One logical schema read from a file: a whole YAML file, a Markdown block, or a collection's front matter. */
export interface SchemaUnit {
  origin: 'yaml-file' | 'markdown-block' | 'front-matter';
  source: AgentSource;
}

function isMarkdown(path: string): boolean {
  return /\.(md|markdown)$/i.test(path);
}

function unitsOfStream(
  text: string,
  block: Pick<MarkdownYamlBlock, 'region'>,
  origin: SchemaUnit['origin'],
  limits: IngestLimits,
): { units: SchemaUnit[]; diagnostics: Diagnostic[] } {
  const stream = parseYamlStream(text, block.region, limits);
  if (stream.diagnostics.some((d) => d.severity === 'error'))
    return { units: [], diagnostics: stream.diagnostics };
  const merged = mergeDocuments(stream.documents);
  const diagnostics = [...stream.diagnostics, ...merged.diagnostics];
  if (!merged.source || merged.diagnostics.some((d) => d.severity === 'error'))
    return { units: [], diagnostics };
  return { units: [{ origin, source: merged.source }], diagnostics };
}

/**
 * Reads one input file into schema units. A `.md` file is a collection: its front matter and each fenced
 * `yaml` block are separate units, and a block that fails to parse does not stop the others. Any other
 * file is one YAML stream whose documents merge into one unit.
 */
export function readSchemaFile(
  input: SchemaFileInput,
  limits: IngestLimits,
): { units: SchemaUnit[]; diagnostics: Diagnostic[] } {
  const decoded = decodeSchemaFile(input, limits);
  if (decoded.text === null) return { units: [], diagnostics: decoded.diagnostics };
  if (!isMarkdown(input.path))
    return unitsOfStream(decoded.text, { region: wholeFile(input.path) }, 'yaml-file', limits);

  const extracted = extractMarkdownYamlBlocks(decoded.text, input.path);
  const units: SchemaUnit[] = [];
  const diagnostics = [...extracted.diagnostics];
  for (const block of extracted.blocks) {
    const result = unitsOfStream(
      block.text,
      block,
      block.kind === 'front-matter' ? 'front-matter' : 'markdown-block',
      limits,
    );
    units.push(...result.units);
    diagnostics.push(...result.diagnostics);
  }
  if (units.length === 0 && diagnostics.length === 0) {
    diagnostics.push({
      code: 'L9E004',
      severity: 'error',
      message: 'Markdown file has no fenced yaml block',
      hint: 'put each schema in a ```yaml fence',
      file: input.path,
      line: 1,
      column: 1,
    });
  }
  return { units, diagnostics };
}
