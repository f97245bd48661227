import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mustRun } from './commands';
import { commitAll } from './git';
import { repoRoot, type PackedPackages } from './packed-packages';
import { copyTemplateWorkspace } from './template-workspace';

const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund'];

/** `npm install <l9.tgz> <runtime.tgz>`: the plugin and the runtime as a user installs published packages. */
export function installPackedL9(workspace: string, packs: PackedPackages): void {
  mustRun('npm', ['install', packs.l9, packs.runtime, ...NPM_FLAGS], workspace);
}

export const EXAMPLE_SCHEMAS = [
  'templates/examples/tensoraios-ecosystem.md',
  'templates/examples/main-agent.yaml',
];
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
  const workspace = copyTemplateWorkspace();
  installPackedL9(workspace, packs);
  mustRun('npx', ['nx', 'g', 'l9:init', '--no-interactive'], workspace);
  copyExampleSchemas(workspace);
  mustRun('npx', ['nx', ...ecosystemGeneratorArgs()], workspace);
  commitAll(workspace, 'l9 and the TensorAIOS example ecosystem');
  return workspace;
}

/** Removes the workspace's temp folder; L9_E2E_KEEP=1 keeps it to look into a failure. */
export function disposeWorkspace(workspace: string | undefined): void {
  if (workspace && process.env['L9_E2E_KEEP'] !== '1')
    rmSync(dirname(workspace), { recursive: true, force: true });
}
