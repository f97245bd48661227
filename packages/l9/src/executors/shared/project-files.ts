import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

/** Folders that hold results or installs, not the agent's source. */
const SKIPPED = new Set(['.l9', 'coverage', 'node_modules']);

/** Every file of a project, workspace-relative POSIX paths, sorted. */
export function listProjectFiles(workspaceRoot: string, projectRoot: string): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const name of readdirSync(join(workspaceRoot, relative)).sort()) {
      if (SKIPPED.has(name)) continue;
      const path = posix.join(relative, name);
      if (statSync(join(workspaceRoot, path)).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(projectRoot);
  return files;
}

export function readText(workspaceRoot: string, path: string): string | null {
  try {
    return readFileSync(join(workspaceRoot, path), 'utf8');
  } catch {
    return null;
  }
}

/** 1-based line of the first occurrence of `needle`, or undefined. */
export function lineOf(text: string, needle: string | RegExp): number | undefined {
  const index = typeof needle === 'string' ? text.indexOf(needle) : text.search(needle);
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}
