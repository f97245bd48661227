import type { LoadedMetaTemplates } from './load-meta-templates';
import { bundledMetaText, withBundledTemplates, WORKSPACE_META_DIR } from './bundled-meta';
import { metaFromValidatedSnapshot, VALIDATED_META_FILE } from './validated-meta';

/** The built package's validated snapshot of its templates; null in the sources or when it is unreadable. */
function bundledSnapshot(): unknown {
  const text = bundledMetaText(VALIDATED_META_FILE);
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The meta templates a workspace runs with: each of its own copies under `templates/meta/`, else the one l9
 * ships, with positioned diagnostics for any problem. `readWorkspaceFile` gets a workspace-relative path and
 * returns null when there is no such file (an Nx `Tree` read fits). When every template is byte for byte the
 * one the built package validated at build time, its snapshot is used: parsing and validating them would load
 * the YAML document model and the zod models, some 1.6 s on a busy machine (`npm run bench:meta-load`).
 */
export function loadWorkspaceMeta(
  readWorkspaceFile: (relPath: string) => string | null,
): LoadedMetaTemplates {
  const read = withBundledTemplates(readWorkspaceFile);
  const validated = metaFromValidatedSnapshot(bundledSnapshot(), (file) =>
    read(`${WORKSPACE_META_DIR}/${file}`),
  );
  if (validated) return { meta: validated, diagnostics: [] };
  // Loaded here rather than at the top: a run on the templates l9 ships never needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, as said above
  const { loadMetaTemplates } = require('./load-meta-templates') as typeof import('./load-meta-templates');
  return loadMetaTemplates(readWorkspaceFile);
}
