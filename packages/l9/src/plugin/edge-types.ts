import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Nx dependency type of hard edges, from `edge_kinds.hard.nx_dependency` of the meta template. */
export type HardEdgeType = 'static' | 'implicit';

export const DEPENDENCY_META_FILE = 'templates/meta/meta.dependency.integration.yaml';

/**
 * `edge_kinds.hard.nx_dependency` of the workspace's meta template, read by lines: loading the YAML parser
 * would cost more than the rest of the graph computation. `static` when the file or the key is absent (the
 * template's own value). Soft edges are always implicit, which the meta model enforces: the plan decides
 * each from the whole ecosystem.
 */
export function hardEdgeType(workspaceRoot: string): HardEdgeType {
  let text: string;
  try {
    text = readFileSync(join(workspaceRoot, DEPENDENCY_META_FILE), 'utf8');
  } catch {
    return 'static';
  }
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
