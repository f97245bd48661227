import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SchemaFileInput } from '../schema';

/** The workspace root: the nearest folder above this file holding `nx.json`. */
export function workspaceRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('nx.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

/** The public L9 reference inputs, read where they live (`../shared/reference/l9/inputs`), never copied. */
export function referenceInput(name: string): SchemaFileInput {
  const path = resolve(workspaceRoot(), '..', 'shared', 'reference', 'l9', 'inputs', name);
  return { path: name, content: readFileSync(path) };
}

export function exampleInput(name: string): SchemaFileInput {
  const path = `templates/examples/${name}`;
  return { path, content: readFileSync(join(workspaceRoot(), path)) };
}

export const TEST_LIMITS = { maxFileBytes: 1024 * 1024, maxAliases: 100 };
