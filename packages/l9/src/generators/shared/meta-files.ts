import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tree } from '@nx/devkit';
import type { LoadedMetaTemplates } from '../../meta/load-meta-templates';
import { META_TEMPLATE_FILES } from '../../meta/meta-templates';
import { metaFromValidatedSnapshot, VALIDATED_META_FILE } from '../../meta/validated-meta';

/** Where the workspace keeps its meta templates (what `l9:init` writes and every generator reads). */
export const META_DIR = 'templates/meta';

/** The plugin's own copies of the meta templates, shipped inside the package. */
export function bundledMetaDir(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'meta', 'meta.codegen.yaml'))) {
    const parent = join(dir, '..');
    if (parent === dir) throw new Error('the l9 package is missing its meta/ folder');
    dir = parent;
  }
  return join(dir, 'meta');
}

export function bundledMetaFile(name: string): string {
  return readFileSync(join(bundledMetaDir(), name), 'utf8');
}

/** Writes each meta template the workspace lacks; never overwrites one (the workspace's copy is its config). */
export function ensureMetaTemplates(tree: Tree): string[] {
  const written: string[] = [];
  for (const { file } of META_TEMPLATE_FILES) {
    const path = `${META_DIR}/${file}`;
    if (tree.exists(path)) continue;
    tree.write(path, bundledMetaFile(file));
    written.push(path);
  }
  return written;
}

/** The package's validated copy of its templates; null when it is missing or unreadable (then nothing is skipped). */
function bundledValidatedMeta(): unknown {
  try {
    return JSON.parse(readFileSync(join(bundledMetaDir(), VALIDATED_META_FILE), 'utf8'));
  } catch {
    return null;
  }
}

/**
 * The workspace's meta templates, read from the Tree, with positioned diagnostics for any problem. A template
 * the workspace does not have yet is read from the package (and written by `ensureMetaTemplates` once
 * generation succeeds), so a failed run leaves the Tree untouched. Templates identical to the ones the package
 * ships come from its validated copy; any other text goes through the full loader.
 */
export function loadWorkspaceMeta(tree: Tree): LoadedMetaTemplates {
  const textOf = (rel: string): string | null => {
    const content = tree.read(rel, 'utf-8');
    if (content !== null) return content;
    const name = rel.slice(META_DIR.length + 1);
    return META_TEMPLATE_FILES.some((t) => t.file === name) ? bundledMetaFile(name) : null;
  };
  const validated = metaFromValidatedSnapshot(bundledValidatedMeta(), (file) => textOf(`${META_DIR}/${file}`));
  if (validated) return { meta: validated, diagnostics: [] };
  // Loaded here rather than at the top: it brings the YAML parser's document model and the zod models of
  // the templates, which a run on unedited templates never needs.
  const { loadMetaTemplates } = require('../../meta/load-meta-templates') as typeof import('../../meta/load-meta-templates');
  return loadMetaTemplates(textOf, META_DIR);
}
