import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mustNx, mustRun, nx } from './support/commands';
import { commitAll, gitStatus, untrackedFiles, workingTreeFiles } from './support/git';
import { packedPackages, repoRoot } from './support/packed-packages';
import { copyTemplateWorkspace } from './support/template-workspace';
import {
  copyExampleSchemas,
  disposeWorkspace,
  ecosystemGeneratorArgs,
  installPackedL9,
} from './support/user-workspace';

/** Where Jest presets of an Nx workspace live (see the generators' workspace-settings.ts). */
const JEST_PRESETS = ['jest.preset.js', 'jest.preset.cjs', 'jest.preset.json'];

/** The reference TensorAIOS collection as published: its YAML has errors at known places. */
const BROKEN_REFERENCE = join(
  repoRoot,
  '..',
  'shared',
  'reference',
  'l9',
  'inputs',
  'Example-L9_Tensor-AIOS_Layer_Schemas_v6.md',
);

describe('the l9 generators, installed from the tarballs into a fresh Nx workspace', () => {
  let workspace: string;
  beforeAll(() => {
    workspace = copyTemplateWorkspace();
    installPackedL9(workspace, packedPackages());
    commitAll(workspace, 'install l9');
  });
  afterAll(() => disposeWorkspace(workspace));

  it('resolves nx, l9 and @l9/runtime from the workspace itself, not from this repository', () => {
    for (const name of ['nx/package.json', 'l9/package.json', '@l9/runtime/package.json']) {
      expect(relative(workspace, require.resolve(name, { paths: [workspace] }))).toMatch(/^node_modules\//);
    }
  });

  it('l9:init registers the plugin and the Nx Jest plugin, ignores .l9/ and installs the agent toolchain, and copies no meta template', () => {
    const output = mustNx(workspace, ['g', 'l9:init', '--no-interactive']);
    expect(output).not.toContain('templates/meta');
    const nxJson = JSON.parse(readFileSync(join(workspace, 'nx.json'), 'utf8')) as { plugins: unknown[] };
    // @nx/jest/plugin infers each agent's test target, which verify depends on.
    expect(nxJson.plugins).toEqual([
      { plugin: 'l9/plugin', options: {} },
      { plugin: '@nx/jest/plugin', options: { targetName: 'test' } },
    ]);
    expect(readFileSync(join(workspace, '.gitignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['.l9/', 'coverage/']),
    );
    const pkg = JSON.parse(readFileSync(join(workspace, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.dependencies['@l9/runtime']).toMatch(/^file:.*\.tgz$/);
    for (const tool of [
      'jest',
      '@swc/jest',
      '@swc/core',
      '@swc-node/register',
      'typescript',
      '@types/jest',
      '@types/node',
    ]) {
      expect({
        tool,
        declared: tool in pkg.devDependencies,
        installed: existsSync(join(workspace, 'node_modules', tool, 'package.json')),
      }).toEqual({ tool, declared: true, installed: true });
    }
    commitAll(workspace, 'l9:init');
  });

  it('l9:init a second time changes nothing', () => {
    mustNx(workspace, ['g', 'l9:init', '--no-interactive']);
    expect(gitStatus(workspace)).toBe('');
  });

  it('l9:ecosystem --dry-run lists the files it would create and writes none of them', () => {
    copyExampleSchemas(workspace);
    commitAll(workspace, 'example schemas');
    const output = mustNx(workspace, ecosystemGeneratorArgs('--dry-run'));
    expect(output).toContain('CREATE agents/tensoraios/agent.yaml');
    expect(output).toContain('CREATE agents/tensoraios-ecosystem/plan.lock.json');
    expect(existsSync(join(workspace, 'agents'))).toBe(false);
    expect(gitStatus(workspace)).toBe('');
  });

  it('l9:ecosystem generates, byte for byte, the example ecosystem this repository holds', () => {
    // An agent's jest.config.cjs names the workspace's Jest preset when it has one (a fresh workspace has none): given
    // this repository's preset, the same schemas must give this repository's bytes.
    expect(JEST_PRESETS.filter((file) => existsSync(join(workspace, file)))).toEqual([]);
    copyFileSync(join(repoRoot, 'jest.preset.cjs'), join(workspace, 'jest.preset.cjs'));
    commitAll(workspace, "this repository's Jest preset");
    mustNx(workspace, ecosystemGeneratorArgs());
    const generated = untrackedFiles(workspace, 'agents');
    expect(generated).toEqual(workingTreeFiles(repoRoot, 'agents'));
    const differing = generated.filter(
      (file) => !readFileSync(join(workspace, file)).equals(readFileSync(join(repoRoot, file))),
    );
    expect(differing).toEqual([]);
    commitAll(workspace, 'the TensorAIOS example ecosystem');
  });

  it('l9:ecosystem a second time leaves git status clean', () => {
    mustNx(workspace, ecosystemGeneratorArgs());
    expect(gitStatus(workspace)).toBe('');
  });

  it('a schema with YAML errors gets file:line:col diagnostics, a failing exit and an untouched workspace', () => {
    const schema = relative(workspace, BROKEN_REFERENCE);
    const result = nx(workspace, ['g', 'l9:ecosystem', `--schema=${schema}`, '--no-interactive']);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`${schema}:416:14: error L9E010`);
    expect(result.output).toContain('nothing was written');
    expect(result.output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(gitStatus(workspace)).toBe('');
    expect(mustRun('git', ['diff', '--stat', 'HEAD'], workspace)).toBe('');
  });
});
