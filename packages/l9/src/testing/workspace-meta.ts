import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetaTemplates } from '../meta/meta-templates';
import { loadWorkspaceMeta } from '../meta/workspace-meta';
import { workspaceRoot } from './reference-inputs';

/** The meta templates this workspace runs with (the ones l9 ships, unless it overrides one), loaded as the plugin loads them. */
export function workspaceMeta(): MetaTemplates {
  const root = workspaceRoot();
  const { meta, diagnostics } = loadWorkspaceMeta((rel) => {
    try {
      return readFileSync(join(root, rel), 'utf8');
    } catch {
      return null;
    }
  });
  if (!meta) throw new Error(`the meta templates do not load: ${JSON.stringify(diagnostics)}`);
  return meta;
}
