import { isMap } from 'yaml';
import type { Diagnostic } from '../../diagnostics';
import type { AgentSource } from '../normalize/agent-source';
import type { ParsedYamlDocument, YamlPath } from '../yaml';

/**
 * Merges the documents of one YAML stream into one mapping (the MainAgent example spreads one agent over
 * fifteen documents). A top-level key defined by two documents is an error: which one wins would be a guess.
 * Documents that are empty are ignored; a document whose root is not a mapping is an error.
 */
export function mergeDocuments(documents: readonly ParsedYamlDocument[]): {
  source: AgentSource | null;
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const value: Record<string, unknown> = {};
  const owner = new Map<string, ParsedYamlDocument>();
  let first: ParsedYamlDocument | null = null;

  for (const document of documents) {
    if (document.value === null || document.value === undefined) continue;
    if (!isMap(document.document.contents)) {
      diagnostics.push({
        code: 'L9E021',
        severity: 'error',
        message: 'a schema document must be a mapping of keys to values',
        ...document.start(),
      });
      continue;
    }
    first ??= document;
    for (const key of document.topLevelKeys()) {
      const earlier = owner.get(key);
      if (earlier) {
        const was = earlier.positionOf([key], 'key');
        diagnostics.push({
          code: 'L9E022',
          severity: 'error',
          message: `key '${key}' is defined by two documents of this schema`,
          hint: `first defined at ${was.file}:${was.line}:${was.column}`,
          ...document.positionOf([key], 'key'),
        });
        continue;
      }
      owner.set(key, document);
      value[key] = (document.value as Record<string, unknown>)[key];
    }
  }
  if (!first) return { source: null, diagnostics };
  const origin = first.start();
  const locate = (path: YamlPath, target: 'key' | 'value' = 'value') => {
    const head = path[0];
    const document = head === undefined ? first : owner.get(String(head));
    return document ? document.positionOf(path, target) : origin;
  };
  const locateInText = (path: YamlPath, offset: number) => {
    const document = owner.get(String(path[0]));
    return document ? document.positionInScalar(path, offset) : origin;
  };
  return { source: { value, origin, locate, locateInText }, diagnostics };
}
