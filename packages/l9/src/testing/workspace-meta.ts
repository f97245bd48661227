import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMetaTemplates, type MetaTemplates } from '../meta';
import { workspaceRoot } from './reference-inputs';

/** The meta templates committed in this workspace, loaded as the plugin loads them. */
export function workspaceMeta(): MetaTemplates {
  const root = workspaceRoot();
  const { meta, diagnostics } = loadMetaTemplates((rel) => {
    try {
      return readFileSync(join(root, rel), 'utf8');
    } catch {
      return null;
    }
  });
  if (!meta) throw new Error(`templates/meta does not load: ${JSON.stringify(diagnostics)}`);
  return meta;
}
