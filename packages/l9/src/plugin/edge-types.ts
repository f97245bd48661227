import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledMetaText, WORKSPACE_META_DIR } from '../meta/bundled-meta';

/** The Nx dependency type of hard edges, from `edge_kinds.hard.nx_dependency` of the meta template. */
export type HardEdgeType = 'static' | 'implicit';

const DEPENDENCY_META = 'meta.dependency.integration.yaml';
export const DEPENDENCY_META_FILE = `${WORKSPACE_META_DIR}/${DEPENDENCY_META}`;

/** The workspace's copy of the template when it has one, else the one l9 ships. */
function dependencyMetaText(workspaceRoot: string): string | null {
  try {
    return readFileSync(join(workspaceRoot, DEPENDENCY_META_FILE), 'utf8');
  } catch {
    return bundledMetaText(DEPENDENCY_META);
  }
}

/**
 * `edge_kinds.hard.nx_dependency` of the meta template (the workspace's copy, else the one l9 ships), read by
 * lines: loading the YAML parser would cost more than the rest of the graph computation. `static` when the key
 * cannot be found. Soft edges are always implicit: the plan decides each from the whole ecosystem.
 */
export function hardEdgeType(workspaceRoot: string): HardEdgeType {
  const text = dependencyMetaText(workspaceRoot);
  if (text === null) return 'static';
  const lines = text.split(/\r?\n/);
  const kinds = lines.findIndex((line) => /^edge_kinds:\s*(#.*)?$/.test(line));
  if (kinds < 0) return 'static';
  let inHard = false;
  for (const line of lines.slice(kinds + 1)) {
    if (/^\S/.test(line)) break;
    const kind = /^ {2}(\w+):\s*(#.*)?$/.exec(line);
    if (kind) {
      inHard = kind[1] === 'hard';
      continue;
    }
    const type = /^ {4}nx_dependency:\s*['"]?(static|implicit)['"]?\s*(#.*)?$/.exec(line);
    if (inHard && type) return type[1] as HardEdgeType;
  }
  return 'static';
}
