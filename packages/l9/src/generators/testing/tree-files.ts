import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Tree } from '@nx/devkit';

/** Every file under `dir` in the Tree, path → content. */
export function treeFiles(tree: Tree, dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const child of tree.children(current)) {
      const path = current ? `${current}/${child}` : child;
      if (tree.isFile(path)) files[path] = tree.read(path, 'utf-8')!;
      else walk(path);
    }
  };
  if (tree.exists(dir)) walk(dir);
  return files;
}

/** Every file under `dir` on disk (relative to `root`), path → content. */
export function diskFiles(root: string, dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const child of readdirSync(join(root, relative)).sort()) {
      const path = `${relative}/${child}`;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else files[path] = readFileSync(join(root, path), 'utf8');
    }
  };
  walk(dir);
  return files;
}

/** Copies files from disk into the Tree (the example schemas, the meta templates). */
export function copyIntoTree(tree: Tree, root: string, paths: readonly string[]): void {
  for (const path of paths) tree.write(path, readFileSync(join(root, path)));
}
