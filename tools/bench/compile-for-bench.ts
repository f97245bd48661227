import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { transformSync } from '@swc/core';

/**
 * Compiles a TypeScript entry file and every relative module it requires (transitively) to CommonJS under
 * `outDir`, keeping the paths relative to `rootDir`. Measured processes then run plain JavaScript: the
 * on-the-fly TypeScript loader (`@swc-node/register`) costs about 85 MB of RSS by itself, and a measured figure
 * should be the runtime's own. Packages are resolved from `rootDir/node_modules` (give the child `NODE_PATH`).
 * Returns the compiled entry's path.
 */
export function compileForBench(entry: string, rootDir: string, outDir: string): string {
  const done = new Set<string>();
  const pending = [resolve(entry)];
  while (pending.length > 0) {
    const source = pending.pop() as string;
    if (done.has(source)) continue;
    done.add(source);
    const { code } = transformSync(readFileSync(source, 'utf8'), {
      filename: source,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    const target = join(outDir, relative(rootDir, source)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
    for (const [, specifier] of code.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      pending.push(resolveTypeScript(dirname(source), specifier));
    }
  }
  return join(outDir, relative(rootDir, resolve(entry))).replace(/\.ts$/, '.js');
}

function resolveTypeScript(fromDir: string, specifier: string): string {
  const base = resolve(fromDir, specifier);
  const found = [`${base}.ts`, join(base, 'index.ts')].find((candidate) =>
    statSync(candidate, { throwIfNoEntry: false })?.isFile(),
  );
  if (found) return found;
  throw new Error(`bench build: cannot resolve ${specifier} from ${fromDir}`);
}
