import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

/** Where the bundle lands inside the built package, and how generators.json names it. */
export const GENERATORS_BUNDLE = 'src/generators/bundle.js';

interface GeneratorsJson {
  generators: Record<string, { factory: string } & Record<string, unknown>>;
}

/**
 * Every generator of the package as one CommonJS file, its dependencies (zod, yaml) tree-shaken into it;
 * Nx, its devkit and TypeScript stay outside, they are the workspace's own. `nx g` loads one file instead of
 * some three hundred modules, on Node versions without a compile cache the larger part of a generator's time
 * for a small ecosystem. The published generators.json points each factory at its export of the bundle.
 */
export function bundleGenerators(source: string, out: string): void {
  const manifest = JSON.parse(readFileSync(join(source, 'generators.json'), 'utf8')) as GeneratorsJson;
  const pkg = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as {
    peerDependencies?: Record<string, string>;
  };
  const entries = Object.entries(manifest.generators).map(
    ([name, { factory }]) =>
      `export { default as ${exportName(name)} } from ${JSON.stringify(factory.startsWith('.') ? factory : `./${factory}`)};`,
  );
  const peers = Object.keys(pkg.peerDependencies ?? {});
  buildSync({
    stdin: {
      contents: entries.join('\n'),
      resolveDir: source,
      sourcefile: 'generators-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: peers.flatMap((peer) => [peer, `${peer}/*`]),
    tsconfig: join(source, 'tsconfig.lib.json'),
    outfile: join(out, GENERATORS_BUNDLE),
    // Without comments and indentation the file is some 30 % smaller and ASCII (one comment held an em dash),
    // which V8 reads and keeps at one byte a character instead of two; names stay as written for stack traces.
    minifyWhitespace: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  for (const [name, generator] of Object.entries(manifest.generators))
    generator.factory = `./${GENERATORS_BUNDLE.replace(/\.js$/, '')}#${exportName(name)}`;
  writeFileSync(join(out, 'generators.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(
    `bundled ${Object.keys(manifest.generators).length} generators into ${join(out, GENERATORS_BUNDLE)}\n`,
  );
}

/** `ecosystem` → `ecosystem`, `my-gen` → `my_gen`: an identifier for the bundle's export. */
function exportName(generator: string): string {
  return generator.replace(/[^A-Za-z0-9_$]/g, '_');
}
