import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import * as ts from 'typescript';
import { readText } from '../shared/project-files';

function resolveRelative(workspaceRoot: string, from: string, specifier: string): string | null {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    if (candidate.endsWith('.ts') && existsSync(join(workspaceRoot, candidate))) return candidate;
  }
  return null;
}

export interface ImportEdge {
  target: string;
  /** 1-based line of the import statement. */
  line: number;
}

/** Relative imports of a TypeScript file, resolved to workspace-relative files (packages are left out). */
export function relativeImports(workspaceRoot: string, file: string): ImportEdge[] {
  const text = readText(workspaceRoot, file) ?? '';
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.filter((f) => f.fileName.startsWith('.'))
    .flatMap((f) => {
      const target = resolveRelative(workspaceRoot, file, f.fileName);
      return target ? [{ target, line: text.slice(0, f.pos).split('\n').length }] : [];
    });
}

export interface ImportCycle {
  /** Files along the cycle, the first repeated at the end. */
  path: string[];
  /** Line of the import that leaves the first file. */
  line: number;
}

/**
 * Import cycles reachable from the given files, following relative imports into other folders too (so a
 * cycle through another agent's code is found). Each cycle is listed once, as a path `a -> b -> a`.
 */
export function findImportCycles(workspaceRoot: string, files: readonly string[]): ImportCycle[] {
  const edges = new Map<string, ImportEdge[]>();
  const pending = [...files];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (edges.has(file)) continue;
    const targets = relativeImports(workspaceRoot, file);
    edges.set(file, targets);
    pending.push(...targets.map((t) => t.target).filter((t) => !edges.has(t)));
  }
  const cycles: ImportCycle[] = [];
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'active');
    stack.push(node);
    for (const { target } of edges.get(node) ?? []) {
      if (state.get(target) === 'active') {
        const path = [...stack.slice(stack.indexOf(target)), target];
        const line = edges.get(path[0]!)!.find((e) => e.target === path[1])!.line;
        cycles.push({ path, line });
      } else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const file of [...edges.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}
