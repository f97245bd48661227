import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mustRun } from './commands';
import { commitAll } from './git';
import { repoRoot, type PackedPackages } from './packed-packages';

/** The Nx release L9 is built for; a user's workspace would carry the same. */
export const NX_VERSION = '22.7.8';

const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund'];

/** The ignore file create-nx-workspace writes, the part that matters here (note the root-anchored /coverage). */
const GITIGNORE = ['# compiled output', 'dist', 'tmp', 'out-tsc', '', '# dependencies', 'node_modules', '', '/coverage', '.nx/cache', '.nx/workspace-data', ''].join('\n');

/**
 * An empty Nx workspace in its own temp folder, installed from the npm registry (nothing from this
 * repository's node_modules), as a git repository with one commit.
 */
export function createUserWorkspace(): string {
  const workspace = join(mkdtempSync(join(tmpdir(), 'l9-e2e-')), 'workspace');
  mkdirSync(workspace);
  const devDependencies = { '@nx/jest': NX_VERSION, '@nx/js': NX_VERSION, nx: NX_VERSION };
  writeFileSync(join(workspace, 'package.json'), `${JSON.stringify({ name: 'user-workspace', version: '0.0.0', private: true, license: 'MIT', devDependencies }, null, 2)}\n`);
  writeFileSync(join(workspace, 'nx.json'), `${JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json' }, null, 2)}\n`);
  writeFileSync(join(workspace, '.gitignore'), GITIGNORE);
  mustRun('npm', ['install', ...NPM_FLAGS], workspace);
  mustRun('git', ['init', '--quiet', '--initial-branch=main'], workspace);
  commitAll(workspace, 'empty Nx workspace');
  return workspace;
}

/** `npm install <l9.tgz> <runtime.tgz>`: the plugin and the runtime as a user installs published packages. */
export function installPackedL9(workspace: string, packs: PackedPackages): void {
  mustRun('npm', ['install', packs.l9, packs.runtime, ...NPM_FLAGS], workspace);
}

export const EXAMPLE_SCHEMAS = ['templates/examples/tensoraios-ecosystem.md', 'templates/examples/main-agent.yaml'];
export const ECOSYSTEM_PROJECT = 'tensoraios-ecosystem';

/** Copies the TensorAIOS example schemas into the workspace at the same paths as in this repository. */
export function copyExampleSchemas(workspace: string): void {
  for (const schema of EXAMPLE_SCHEMAS) {
    mkdirSync(dirname(join(workspace, schema)), { recursive: true });
    copyFileSync(join(repoRoot, schema), join(workspace, schema));
  }
}

/** `nx g l9:ecosystem` over the example schemas, with any extra flags. */
export function ecosystemGeneratorArgs(...extra: string[]): string[] {
  return ['g', 'l9:ecosystem', `--schema=${EXAMPLE_SCHEMAS.join(',')}`, '--no-interactive', ...extra];
}

/** A workspace set up as far as a user who just ran `nx g l9:init` and generated the example ecosystem. */
export function createExampleEcosystemWorkspace(packs: PackedPackages): string {
  const workspace = createUserWorkspace();
  installPackedL9(workspace, packs);
  mustRun('npx', ['nx', 'g', 'l9:init', '--no-interactive'], workspace);
  copyExampleSchemas(workspace);
  mustRun('npx', ['nx', ...ecosystemGeneratorArgs()], workspace);
  commitAll(workspace, 'l9 and the TensorAIOS example ecosystem');
  return workspace;
}

/** Removes the workspace's temp folder; L9_E2E_KEEP=1 keeps it to look into a failure. */
export function disposeWorkspace(workspace: string | undefined): void {
  if (workspace && process.env['L9_E2E_KEEP'] !== '1') rmSync(dirname(workspace), { recursive: true, force: true });
}
