import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a workspace keeps its own copy of a meta template, which then overrides the one l9 ships. */
export const WORKSPACE_META_DIR = 'templates/meta';

/**
 * The l9 package's `meta/` folder: the default meta templates, and in a built package their validated snapshot.
 * Found by walking up from this file, so it works from the sources and from the compiled package alike.
 */
export function bundledMetaDir(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'meta', 'meta.codegen.yaml'))) {
    const parent = join(dir, '..');
    if (parent === dir) throw new Error('the l9 package is missing its meta/ folder; reinstall l9');
    dir = parent;
  }
  return join(dir, 'meta');
}

/** The text of a template (or another file) of the package's `meta/` folder; null when it has none. */
export function bundledMetaText(name: string): string | null {
  try {
    return readFileSync(join(bundledMetaDir(), name), 'utf8');
  } catch {
    return null;
  }
}

/**
 * `readWorkspaceFile` with the package's templates behind the workspace's: a template the workspace has no copy of
 * under `templates/meta/` is read from the l9 package. Every other path reads as it is.
 */
export function withBundledTemplates(
  readWorkspaceFile: (relPath: string) => string | null,
): (relPath: string) => string | null {
  const prefix = `${WORKSPACE_META_DIR}/`;
  return (relPath) => {
    const own = readWorkspaceFile(relPath);
    if (own !== null || !relPath.startsWith(prefix)) return own;
    return bundledMetaText(relPath.slice(prefix.length));
  };
}
