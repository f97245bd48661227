/**
 * Builds a publishable package into dist/packages/<name>: compiles its sources with tsc, copies the files
 * the package reads at run time (generator and executor schemas, meta templates, the agent JSON Schema)
 * and writes a package.json whose entry points are the compiled JavaScript.
 *
 * Run: node -r @swc-node/register tools/build/build-package.ts l9|runtime
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const repo = join(__dirname, '..', '..');
const name = process.argv[2];
if (name !== 'l9' && name !== 'runtime') {
  process.stderr.write('usage: build-package.ts l9|runtime\n');
  process.exit(2);
}
const source = join(repo, 'packages', name);
const out = join(repo, 'dist', 'packages', name);
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [repo] }), '-p', join(source, 'tsconfig.lib.json')], { stdio: 'inherit' });

/** JSON files under src/ (generator and executor schemas) travel with the compiled code. */
function copyJson(dir: string): void {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) copyJson(path);
    else if (entry.endsWith('.json')) {
      const target = join(out, relative(source, path));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}
copyJson(join(source, 'src'));
for (const extra of ['generators.json', 'executors.json', 'meta', 'schemas', 'README.md']) {
  if (existsSync(join(source, extra))) cpSync(join(source, extra), join(out, extra), { recursive: true });
}

const pkg = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as Record<string, unknown>;
const built = {
  ...pkg,
  main: './src/index.js',
  types: './src/index.d.ts',
  exports: { '.': { types: './src/index.d.ts', default: './src/index.js' }, './package.json': './package.json', ...(name === 'l9' ? { './plugin': { types: './plugin.d.ts', default: './plugin.js' }, './generators.json': './generators.json', './executors.json': './executors.json', './schemas/*': './schemas/*' } : {}) },
  files: ['src', ...(name === 'l9' ? ['plugin.js', 'plugin.d.ts'] : []), ...['generators.json', 'executors.json', 'meta', 'schemas', 'README.md'].filter((f) => existsSync(join(source, f)))],
};
writeFileSync(join(out, 'package.json'), `${JSON.stringify(built, null, 2)}\n`);
process.stdout.write(`built ${pkg['name']} into ${relative(repo, out)}\n`);
