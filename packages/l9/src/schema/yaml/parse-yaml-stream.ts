import { LineCounter, parseAllDocuments, visit, type Document, type YAMLError } from 'yaml';
import type { Diagnostic, DiagnosticCode } from '../../diagnostics';
import { nonJsonNumbers } from './non-json-numbers';
import { ParsedYamlDocument } from './parsed-yaml-document';
import type { SourceRegion } from './source-region';

export interface YamlLimits {
  /** Most alias references one document may contain; more is treated as an alias bomb. */
  maxAliases: number;
}

export interface ParsedYamlStream {
  /** Documents that parsed cleanly, in stream order. A document with an error is left out. */
  documents: ParsedYamlDocument[];
  diagnostics: Diagnostic[];
}

function codeFor(error: YAMLError): DiagnosticCode {
  return error.code === 'DUPLICATE_KEY' ? 'L9E012' : 'L9E010';
}

/** The first line of the yaml library's message, without its own "at line x, column y" suffix. */
function describe(error: YAMLError): string {
  const firstLine = error.message.split('\n')[0] ?? error.message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, '');
}

function countAliases(document: Document.Parsed): { count: number; firstOffset: number | null } {
  let count = 0;
  let firstOffset: number | null = null;
  visit(document, {
    Alias(_key, node) {
      count += 1;
      if (firstOffset === null) firstOffset = node.range?.[0] ?? null;
    },
  });
  return { count, firstOffset };
}

/**
 * Parses a YAML stream (one or more `---` separated documents) into documents with positions, turning
 * every syntax problem into a diagnostic in the user's coordinates. Never throws on bad input.
 */
export function parseYamlStream(text: string, region: SourceRegion, limits: YamlLimits): ParsedYamlStream {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const documents: ParsedYamlDocument[] = [];
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const all = Array.isArray(parsed) ? parsed : [];

  for (const document of all) {
    const locate = (offset: number) =>
      new ParsedYamlDocument(document, lineCounter, region, null).positionAtOffset(offset);
    const reported = new Set<number>();
    for (const error of document.errors) {
      // The parser often reports one mistake twice at the same place; the first message is the clearer one.
      if (reported.has(error.pos[0])) continue;
      reported.add(error.pos[0]);
      diagnostics.push({
        code: codeFor(error),
        severity: 'error',
        message: describe(error),
        ...locate(error.pos[0]),
      });
    }
    for (const warning of document.warnings) {
      diagnostics.push({
        code: 'L9E010',
        severity: 'warning',
        message: describe(warning),
        ...locate(warning.pos[0]),
      });
    }
    if (document.errors.length > 0) continue;

    const aliases = countAliases(document);
    if (aliases.count > limits.maxAliases) {
      diagnostics.push({
        code: 'L9E011',
        severity: 'error',
        message: `document uses ${aliases.count} aliases; the limit is ${limits.maxAliases}`,
        hint: 'write the repeated values out, or raise limits.max_yaml_aliases in meta.codegen.yaml (a copy in templates/meta/ overrides the one l9 ships)',
        ...locate(aliases.firstOffset ?? document.range[0]),
      });
      continue;
    }
    const nonJson = nonJsonNumbers(document);
    for (const scalar of nonJson) {
      const offset = scalar.range?.[0] ?? document.range[0];
      const written = scalar.range ? text.slice(scalar.range[0], scalar.range[1]) : String(scalar.value);
      diagnostics.push({
        code: 'L9E021',
        severity: 'error',
        message: `${written} is ${String(scalar.value)}, a number JSON cannot represent (the plan and its hash are JSON)`,
        hint: `write a finite number, or quote it ("${written}") if it is text`,
        ...locate(offset),
      });
    }
    if (nonJson.length > 0) continue;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: limits.maxAliases });
    } catch (error) {
      // The library refuses documents whose aliases expand exponentially even under the count limit.
      diagnostics.push({
        code: 'L9E011',
        severity: 'error',
        message: `aliases expand beyond a safe size: ${(error as Error).message}`,
        ...locate(aliases.firstOffset ?? document.range[0]),
      });
      continue;
    }
    documents.push(new ParsedYamlDocument(document, lineCounter, region, value, text));
  }
  return { documents, diagnostics };
}
