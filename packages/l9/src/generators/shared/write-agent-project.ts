import type { Tree } from '@nx/devkit';
import { sha256Hex } from '@l9/runtime/shared';
import { MANIFEST_FILE, parseManifest, renderManifest, type ManifestFile } from './manifest';
import { logger } from './generator-logger';

export interface RenderedFile {
  /** Relative to the agent project. */
  path: string;
  content: string;
  ownership: 'generated' | 'user';
  /** File mode, e.g. `755` for a script people run directly. */
  mode?: string;
}

/** What the manifest records about the project besides its files. */
export interface ProjectRecord {
  agent: string;
  id: string;
  spec_sha256: string;
  schemas?: readonly string[];
  port?: number;
}

export interface WriteSummary {
  written: string[];
  kept: string[];
  removed: string[];
}

function isInside(projectRoot: string, relative: string): boolean {
  const parts = relative.split('/');
  return (
    relative !== '' &&
    !relative.startsWith('/') &&
    !parts.includes('..') &&
    !parts.includes('.') &&
    projectRoot !== ''
  );
}

/**
 * Writes one agent project through the Tree. Generated files are rewritten (only when their bytes change,
 * so an unchanged project leaves no trace); user-owned files are created once and never overwritten.
 * Files the previous manifest listed that the schema no longer produces are removed — a user-owned one only
 * when it still holds the default l9 wrote; an edited one is kept and reported. Never touches a path
 * outside the project.
 */
export function writeAgentProject(
  tree: Tree,
  projectRoot: string,
  record: ProjectRecord,
  files: readonly RenderedFile[],
): WriteSummary {
  const summary: WriteSummary = { written: [], kept: [], removed: [] };
  // A project folder that does not exist yet holds nothing to compare with or keep; asking the Tree about
  // each file would cost a failed stat and a scan of every change recorded so far, per file.
  const isNew = !tree.exists(projectRoot);
  const manifestPath = `${projectRoot}/${MANIFEST_FILE}`;
  const previousManifest = isNew ? null : tree.read(manifestPath, 'utf-8');
  const previous = parseManifest(previousManifest);
  const entries: ManifestFile[] = [];

  for (const file of files) {
    const path = `${projectRoot}/${file.path}`;
    const existing = !isNew && tree.exists(path) ? tree.read(path, 'utf-8') : null;
    if (file.ownership === 'user' && existing !== null) {
      summary.kept.push(file.path);
    } else if (existing !== file.content) {
      tree.write(path, file.content, file.mode ? { mode: file.mode } : undefined);
      summary.written.push(file.path);
    }
    entries.push({ path: file.path, sha256: sha256Hex(file.content), ownership: file.ownership });
  }

  const produced = new Set(files.map((f) => f.path));
  for (const old of previous?.files ?? []) {
    if (produced.has(old.path) || old.path === MANIFEST_FILE || !isInside(projectRoot, old.path)) continue;
    const path = `${projectRoot}/${old.path}`;
    const current = tree.exists(path) ? tree.read(path) : null;
    if (current === null) continue;
    if (old.ownership === 'user' && sha256Hex(current) !== old.sha256) {
      logger.warn(
        `${path}: no longer produced by the schema, but edited by hand; kept. Delete it when it is no longer needed.`,
      );
      summary.kept.push(old.path);
      continue;
    }
    tree.delete(path);
    summary.removed.push(old.path);
  }

  const manifest = renderManifest({
    format: 'l9/manifest@1',
    agent: record.agent,
    id: record.id,
    spec_sha256: record.spec_sha256,
    ...(record.schemas ? { schemas: [...record.schemas] } : {}),
    ...(record.port !== undefined ? { port: record.port } : {}),
    files: entries,
  });
  if (previousManifest !== manifest) {
    tree.write(manifestPath, manifest);
    summary.written.push(MANIFEST_FILE);
  }
  return summary;
}
