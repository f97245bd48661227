/**
 * Builds a publishable package into dist/packages/<name>: compiles its sources with tsc, copies the files
 * the package reads at run time (generator and executor schemas, meta templates with their validated
 * snapshot, the agent JSON Schema), writes l9's `bin` launcher of the compiled command
 * and writes a package.json whose entry points are the compiled JavaScript. Fails when a spec, a test
 * helper or a fixture ended up in the output, so `npm pack` ships only what users run.
 *
 * Run: node -r @swc-node/register tools/build/build-package.ts l9|runtime
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { bundleGenerators } from './bundle-generators';
import { writeL9Bin } from './l9-bin';
import { writeValidatedMeta } from './write-validated-meta';
import { publishedManifest, type PackageName } from './published-manifest';
import { testOnlyFiles } from './test-only-files';

const repo = join(__dirname, '..', '..');
const name = process.argv[2];
if (name !== 'l9' && name !== 'runtime') {
  process.stderr.write('usage: build-package.ts l9|runtime\n');
  process.exit(2);
}
const packageName: PackageName = name;
const source = join(repo, 'packages', packageName);
const out = join(repo, 'dist', 'packages', packageName);
rmSync(out, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc', { paths: [repo] }), '-p', join(source, 'tsconfig.lib.json')],
  { stdio: 'inherit' },
);

/** JSON files under src/ (generator and executor schemas) travel with the compiled code; test data does not. */
function copyJson(dir: string): void {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'testing' && entry !== '__fixtures__') copyJson(path);
    } else if (entry.endsWith('.json')) {
      const target = join(out, relative(source, path));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}
copyJson(join(source, 'src'));

const extras = [
  'generators.json',
  'executors.json',
  'migrations.json',
  'meta',
  'schemas',
  'jest-results.cjs',
  'jest-agent.cjs',
  'README.md',
].filter((file) => existsSync(join(source, file)));
for (const extra of extras) cpSync(join(source, extra), join(out, extra), { recursive: true });
if (packageName === 'l9') {
  writeValidatedMeta(join(out, 'meta'));
  bundleGenerators(source, out);
  writeL9Bin(out);
}

const leaked = testOnlyFiles(out);
if (leaked.length > 0) {
  process.stderr.write(
    `build-package: test-only files reached ${relative(repo, out)}; exclude them in ${relative(repo, join(source, 'tsconfig.lib.json'))}:\n${leaked.map((f) => `  ${f}`).join('\n')}\n`,
  );
  process.exit(1);
}

const pkg = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as Record<string, unknown>;
writeFileSync(
  join(out, 'package.json'),
  `${JSON.stringify(publishedManifest(packageName, pkg, extras), null, 2)}\n`,
);
process.stdout.write(`built ${String(pkg['name'])} into ${relative(repo, out)}\n`);
