import type { Diagnostic } from '../../diagnostics';
import { isRecord } from '../../is-record';
import { didYouMean } from '../did-you-mean';
import { ENDPOINT_KEYS, MEMORY_LAYER_KEYS, SECTION_KEYS, TOP_LEVEL_KEYS } from '../model/known-keys';
import type { AgentSource } from './agent-source';

/**
 * Warns about keys that look like typos of known ones (`goverance` → `governance`), at the key's position.
 * Keys that are merely unfamiliar are kept verbatim without a warning: v6 schemas carry free-form sections.
 */
export function checkUnknownKeys(source: AgentSource): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const check = (record: Record<string, unknown>, known: readonly string[], path: Array<string | number>) => {
    for (const key of Object.keys(record)) {
      const suggestion = didYouMean(key, known);
      if (suggestion === null) continue;
      diagnostics.push({
        code: 'L9W050',
        severity: 'warning',
        message: `unknown key '${key}'${path.length ? ` in ${path.join('.')}` : ''}`,
        hint: `did you mean '${suggestion}'?`,
        ...source.locate([...path, key], 'key'),
      });
    }
  };

  check(source.value, TOP_LEVEL_KEYS, []);
  for (const [section, known] of Object.entries(SECTION_KEYS)) {
    const value = source.value[section];
    if (isRecord(value)) check(value, known, [section]);
  }
  const memory = source.value['memorytopology'];
  if (isRecord(memory)) check(memory, MEMORY_LAYER_KEYS, ['memorytopology']);
  const deployment = source.value['deployment'];
  const endpoints = isRecord(deployment) ? deployment['endpoints'] : undefined;
  if (Array.isArray(endpoints)) {
    endpoints.forEach((endpoint, i) => {
      if (isRecord(endpoint)) check(endpoint, ENDPOINT_KEYS, ['deployment', 'endpoints', i]);
    });
  }
  return diagnostics;
}
