import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJson, readNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { workspaceRoot } from '../../testing/reference-inputs';
import { L9_PACKAGE_VERSION } from '../shared/package-info';
import { AGENT_TOOLCHAIN } from './agent-toolchain';
import { initWorkspace } from './generator';
import { runtimeSource, runtimeTarballName, type RegistryProbe } from './runtime-source';

/** A registry that has every runtime version asked for. */
const REGISTRY_HAS_IT: RegistryProbe = () => ({ found: true });
const initGenerator = (tree: Tree, options: Parameters<typeof initWorkspace>[1]) =>
  initWorkspace(tree, options, REGISTRY_HAS_IT);

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

  it('registers the plugin and adds the runtime, and copies no meta template (the ones l9 ships apply until the workspace overrides one)', async () => {
    await initGenerator(tree, { skipInstall: true });
    expect(readNxJson(tree)!.plugins).toContainEqual({ plugin: 'l9/plugin', options: {} });
    expect(tree.exists('templates/meta')).toBe(false);
    expect(readJson(tree, 'package.json').dependencies['@l9/runtime']).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('writes a tsconfig.base.json for the agents to extend when the workspace has none, and keeps one it has', async () => {
    tree.delete('tsconfig.base.json');
    await initGenerator(tree, { skipInstall: true });
    expect(readJson(tree, 'tsconfig.base.json')).toEqual({
      compilerOptions: {
        strict: true,
        skipLibCheck: true,
        forceConsistentCasingInFileNames: true,
        resolveJsonModule: true,
      },
    });
    const own = '{ "compilerOptions": { "paths": { "@acme/util": ["libs/util/src/index.ts"] } } }\n';
    tree.write('tsconfig.base.json', own);
    await initGenerator(tree, { skipInstall: true });
    expect(tree.read('tsconfig.base.json', 'utf-8')).toBe(own);
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
    expect(readNxJson(tree)!.plugins).toEqual([
      'l9',
      { plugin: '@nx/jest/plugin', options: { targetName: 'test' } },
    ]);
  });

  it("registers @nx/jest/plugin, which infers the test target verify depends on, with @nx/jest at the workspace's Nx version", async () => {
    const pkg = readJson(tree, 'package.json');
    tree.write(
      'package.json',
      JSON.stringify({ ...pkg, devDependencies: { ...pkg.devDependencies, nx: '22.1.0' } }),
    );
    await initGenerator(tree, { skipInstall: true });
    expect(readNxJson(tree)!.plugins).toContainEqual({
      plugin: '@nx/jest/plugin',
      options: { targetName: 'test' },
    });
    expect(readJson(tree, 'package.json').devDependencies['@nx/jest']).toBe('22.1.0');
    const nx = readNxJson(tree)!;
    tree.write(
      'nx.json',
      JSON.stringify({ ...nx, plugins: [{ plugin: '@nx/jest/plugin', options: { targetName: 'jest' } }] }),
    );
    await initGenerator(tree, { skipInstall: true });
    expect(
      readNxJson(tree)!.plugins!.filter((p) => typeof p !== 'string' && p.plugin === '@nx/jest/plugin'),
    ).toEqual([{ plugin: '@nx/jest/plugin', options: { targetName: 'jest' } }]);
  });

  it('adds the toolchain the generated agents test and type-check with', async () => {
    await initGenerator(tree, { skipInstall: true });
    const devDependencies = readJson(tree, 'package.json').devDependencies;
    for (const [name, range] of Object.entries(AGENT_TOOLCHAIN)) expect(devDependencies[name]).toBe(range);
  });

  it('never changes a toolchain version the workspace already chose, wherever package.json names it', async () => {
    const pkg = readJson(tree, 'package.json');
    tree.write(
      'package.json',
      JSON.stringify({ ...pkg, dependencies: { typescript: '5.8.2' }, devDependencies: { jest: '^30.0.0' } }),
    );
    await initGenerator(tree, { skipInstall: true });
    const after = readJson(tree, 'package.json');
    expect(after.dependencies.typescript).toBe('5.8.2');
    expect(after.devDependencies.typescript).toBeUndefined();
    expect(after.devDependencies.jest).toBe('^30.0.0');
    expect(after.devDependencies['@swc/jest']).toBe(AGENT_TOOLCHAIN['@swc/jest']);
  });

  it('adds the toolchain even when the runtime is already a dependency', async () => {
    const pkg = readJson(tree, 'package.json');
    tree.write(
      'package.json',
      JSON.stringify({ ...pkg, dependencies: { '@l9/runtime': 'file:../l9-runtime-0.1.0.tgz' } }),
    );
    await initGenerator(tree, { skipInstall: true });
    const after = readJson(tree, 'package.json');
    expect(after.dependencies['@l9/runtime']).toBe('file:../l9-runtime-0.1.0.tgz');
    expect(after.devDependencies['@swc/core']).toBe(AGENT_TOOLCHAIN['@swc/core']);
  });

  it('keeps the evidence key and target results out of git', async () => {
    tree.write('.gitignore', 'node_modules\n/coverage\n.l9\n');
    await initGenerator(tree, { skipInstall: true });
    expect(tree.read('.gitignore', 'utf-8')).toBe(
      'node_modules\n/coverage\n.l9\n\n# l9: evidence key and target results\ncoverage/\n',
    );
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
    const root = JSON.parse(readFileSync(join(workspaceRoot(), 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    for (const [name, range] of Object.entries(AGENT_TOOLCHAIN))
      expect({ name, range }).toEqual({ name, range: root.devDependencies[name] });
  });
});

describe('l9:init and the runtime', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  it('registers l9:sync as a global sync generator beside the ones nx.json lists', async () => {
    tree.write(
      'nx.json',
      JSON.stringify({
        ...readNxJson(tree),
        sync: { globalGenerators: ['@nx/js:typescript-sync'], applyChanges: true },
      }),
    );
    await initGenerator(tree, { skipInstall: true });
    expect(readNxJson(tree)!.sync).toEqual({
      globalGenerators: ['@nx/js:typescript-sync', 'l9:sync'],
      applyChanges: true,
    });
  });

  it("asks the registry for the runtime at l9's own version and stops, package.json untouched, when it is not there", async () => {
    const before = tree.read('package.json', 'utf-8');
    const asked: string[] = [];
    const missing: RegistryProbe = (name, version) => {
      asked.push(`${name}@${version}`);
      return { found: false, reason: 'not found in http://127.0.0.1:4873/ (404 Not Found)' };
    };
    await expect(initWorkspace(tree, { skipInstall: true }, missing)).rejects.toThrow(
      /@l9\/runtime@\d+\.\d+\.\d+, the runtime of l9 .* cannot be installed: not found in http:\/\/127\.0\.0\.1:4873\/ .*Nothing was changed\./,
    );
    expect(asked).toEqual([`@l9/runtime@${L9_PACKAGE_VERSION}`]);
    expect(tree.read('package.json', 'utf-8')).toBe(before);
  });
});

describe('runtimeSource', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'l9-runtime-source-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const never: RegistryProbe = () => {
    throw new Error('the registry must not be asked about a tarball install');
  };

  it('takes the runtime tarball beside the l9 tarball the workspace was installed from', () => {
    mkdirSync(join(dir, 'packs'));
    writeFileSync(join(dir, 'packs', runtimeTarballName('0.2.0')), '');
    expect(
      runtimeSource(dir, { devDependencies: { l9: 'file:packs/l9-0.2.0.tgz' } }, '0.2.0', never),
    ).toEqual({ specifier: 'file:packs/l9-runtime-0.2.0.tgz' });
  });

  it("says what to do when no runtime tarball lies beside l9's", () => {
    const answer = runtimeSource(dir, { devDependencies: { l9: 'file:packs/l9-0.2.0.tgz' } }, '0.2.0', never);
    expect(answer).toEqual({ error: expect.stringContaining('l9-runtime-0.2.0.tgz is not beside it') });
  });

  it('takes the registry version when the registry has it', () => {
    expect(
      runtimeSource(dir, { devDependencies: { l9: '^0.2.0' } }, '0.2.0', () => ({ found: true })),
    ).toEqual({ specifier: '0.2.0' });
  });
});
