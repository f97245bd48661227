import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Names that only tests use: specs, test helpers and fixtures (see the excludes of each tsconfig.lib.json). */
const TEST_ONLY = [
  /\.(spec|test)\.[cm]?[jt]s$/,
  /\.(spec|test)\.d\.ts$/,
  /-test-(support|fixture)\.(js|d\.ts)$/,
];
const TEST_ONLY_FOLDERS = new Set(['testing', '__fixtures__', '__snapshots__']);

/** Every file under `root` (relative paths, sorted) that a published package must not carry. */
export function testOnlyFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, insideTestFolder: boolean): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path, insideTestFolder || TEST_ONLY_FOLDERS.has(entry));
      else if (insideTestFolder || TEST_ONLY.some((pattern) => pattern.test(entry)))
        found.push(relative(root, path));
    }
  };
  walk(root, false);
  return found.sort();
}
