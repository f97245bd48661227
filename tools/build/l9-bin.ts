import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the `l9` bin lives, in the workspace package and the published one alike (package.json's `bin`). */
export const L9_BIN = 'bin/l9.js';

/**
 * The published `l9` bin: the compiled command, with no TypeScript loader. The workspace's bin/l9.js loads the
 * sources through @swc-node/register, a dev dependency users do not get, so the build writes its own.
 */
export function writeL9Bin(out: string): void {
  const path = join(out, L9_BIN);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    "#!/usr/bin/env node\n'use strict';\nrequire('../src/cli/l9-cli').main(process.argv.slice(2));\n",
  );
  chmodSync(path, 0o755);
}
