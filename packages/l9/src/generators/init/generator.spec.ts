import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, readNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { workspaceRoot } from '../../testing/reference-inputs';
import { bundledMetaFile } from '../shared/meta-files';
import { AGENT_TOOLCHAIN } from './agent-toolchain';
import { initWorkspace } from './generator';
import type { RegistryProbe } from './runtime-source';

/** A registry that has every runtime version asked for. */
const REGISTRY_HAS_IT: RegistryProbe = () => ({ found: true });
const initGenerator = (tree: Tree, options: Parameters<typeof initWorkspace>[1]) => initWorkspace(tree, options, REGISTRY_HAS_IT);

function snapshot(tree: Tree): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const child of tree.children(dir)) {
      const path = dir ? `${dir}/${child}` : child;
      if (tree.isFile(path)) files[path] = tree.read(path, 'utf-8')!;
      else walk(path);
    }
  };
  walk('');
  return files;
}

describe('l9:init', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  it('registers the plugin, writes the four meta templates and adds the runtime', async () => {
    await initGenerator(tree, { skipInstall: true });
    expect(readNxJson(tree)!.plugins).toContainEqual({ plugin: 'l9/plugin', options: {} });
    expect(tree.read('templates/meta/meta.codegen.yaml', 'utf-8')).toBe(bundledMetaFile('meta.codegen.yaml'));
    expect(tree.children('templates/meta').sort()).toEqual(['meta.codegen.yaml', 'meta.dependency.integration.yaml', 'meta.extraction.sequence.yaml', 'meta.validation.checklist.yaml']);
    expect(readJson(tree, 'package.json').dependencies['@l9/runtime']).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('changes nothing when run a second time', async () => {
    await initGenerator(tree, { skipInstall: true });
    const first = snapshot(tree);
    await initGenerator(tree, { skipInstall: true });
    expect(snapshot(tree)).toEqual(first);
  });

  it('keeps a meta template the workspace already has, and an existing plugin entry', async () => {
    tree.write('templates/meta/meta.codegen.yaml', '# edited by the team\n');
    const nx = readNxJson(tree)!;
    tree.write('nx.json', JSON.stringify({ ...nx, plugins: ['l9'] }));
    await initGenerator(tree, { skipInstall: true });
    expect(tree.read('templates/meta/meta.codegen.yaml', 'utf-8')).toBe('# edited by the team\n');
    expect(readNxJson(tree)!.plugins).toEqual(['l9']);
  });

  it('adds the toolchain the generated agents test and type-check with', async () => {
    await initGenerator(tree, { skipInstall: true });
    const devDependencies = readJson(tree, 'package.json').devDependencies;
    for (const [name, range] of Object.entries(AGENT_TOOLCHAIN)) expect(devDependencies[name]).toBe(range);
  });

  it('never changes a toolchain version the workspace already chose, wherever package.json names it', async () => {
    const pkg = readJson(tree, 'package.json');
    tree.write('package.json', JSON.stringify({ ...pkg, dependencies: { typescript: '5.8.2' }, devDependencies: { jest: '^30.0.0' } }));
    await initGenerator(tree, { skipInstall: true });
    const after = readJson(tree, 'package.json');
    expect(after.dependencies.typescript).toBe('5.8.2');
    expect(after.devDependencies.typescript).toBeUndefined();
    expect(after.devDependencies.jest).toBe('^30.0.0');
    expect(after.devDependencies['@swc/jest']).toBe(AGENT_TOOLCHAIN['@swc/jest']);
  });

  it('adds the toolchain even when the runtime is already a dependency', async () => {
    const pkg = readJson(tree, 'package.json');
    tree.write('package.json', JSON.stringify({ ...pkg, dependencies: { '@l9/runtime': 'file:../l9-runtime-0.1.0.tgz' } }));
    await initGenerator(tree, { skipInstall: true });
    const after = readJson(tree, 'package.json');
    expect(after.dependencies['@l9/runtime']).toBe('file:../l9-runtime-0.1.0.tgz');
    expect(after.devDependencies['@swc/core']).toBe(AGENT_TOOLCHAIN['@swc/core']);
  });

  it('keeps the evidence key and target results out of git', async () => {
    tree.write('.gitignore', 'node_modules\n/coverage\n.l9\n');
    await initGenerator(tree, { skipInstall: true });
    expect(tree.read('.gitignore', 'utf-8')).toBe('node_modules\n/coverage\n.l9\n\n# l9: evidence key and target results\ncoverage/\n');
  });

  it('writes a .gitignore when the workspace has none', async () => {
    tree.delete('.gitignore');
    await initGenerator(tree, { skipInstall: true });
    expect(tree.read('.gitignore', 'utf-8')).toBe('# l9: evidence key and target results\n.l9/\ncoverage/\n');
  });

  it('leaves package.json alone with skipPackageJson', async () => {
    const before = tree.read('package.json', 'utf-8');
    await initGenerator(tree, { skipPackageJson: true });
    expect(tree.read('package.json', 'utf-8')).toBe(before);
  });
});

describe('the agent toolchain l9:init adds', () => {
  it('uses the ranges this repository builds and tests with', () => {
    const root = JSON.parse(readFileSync(join(workspaceRoot(), 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    for (const [name, range] of Object.entries(AGENT_TOOLCHAIN)) expect({ name, range }).toEqual({ name, range: root.devDependencies[name] });
  });
});

describe('the committed templates/meta', () => {
  it('are exactly what l9:init writes', () => {
    for (const name of ['meta.codegen.yaml', 'meta.dependency.integration.yaml', 'meta.extraction.sequence.yaml', 'meta.validation.checklist.yaml']) {
      expect(readFileSync(join(workspaceRoot(), 'templates/meta', name), 'utf8')).toBe(bundledMetaFile(name));
    }
  });
});
