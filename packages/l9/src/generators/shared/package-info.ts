import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const RUNTIME_PACKAGE = '@l9/runtime';

function packageVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i += 1) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'l9' && pkg.version) return pkg.version;
    } catch {
      // Not this folder; keep walking up to the package root.
    }
    dir = join(dir, '..');
  }
  throw new Error('the l9 package.json was not found above ' + __dirname);
}

/** The plugin's own version: the runtime it adds to a workspace is the matching release. */
export const L9_PACKAGE_VERSION = packageVersion();
