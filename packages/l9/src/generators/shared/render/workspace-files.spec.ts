import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { workspaceRoot } from '../../../testing/reference-inputs';
import { ensureTsconfigBase, readWorkspaceSettings, TSCONFIG_BASE } from '../workspace-settings';
import { renderJestConfig, renderTsconfig } from './project-files';
import type { AgentRenderContext } from './render-context';

const context = (jestPreset: string | null) =>
  ({
    spec: { id: 'ledger-reconciler', name: 'LedgerReconciler' },
    projectRoot: 'agents/ledger-reconciler',
    workspace: { tsconfigBase: TSCONFIG_BASE, jestPreset },
  }) as AgentRenderContext;

/** The generated jest.config.cjs evaluated as Jest loads it, from the agent's folder of this workspace. */
function evaluated(text: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'require', '__dirname', text)(
    module,
    require,
    join(workspaceRoot(), 'agents/ledger-reconciler'),
  );
  return module.exports;
}

describe("the agent's tsconfig.json and jest.config.cjs extend the workspace's settings", () => {
  it('extends the workspace tsconfig.base.json instead of repeating its options', () => {
    const tsconfig = JSON.parse(renderTsconfig(context(null)));
    expect(tsconfig.extends).toBe('../../tsconfig.base.json');
    expect(tsconfig.compilerOptions).not.toHaveProperty('strict');
    expect(tsconfig.compilerOptions).not.toHaveProperty('skipLibCheck');
    expect(tsconfig.compilerOptions).not.toHaveProperty('paths');
  });

  it("names the workspace's Jest preset when it has one, and l9's agent settings either way", () => {
    expect(evaluated(renderJestConfig(context('jest.preset.js')))).toMatchObject({
      preset: '../../jest.preset.js',
      testEnvironment: 'node',
      displayName: 'ledger-reconciler',
    });
    const bare = evaluated(renderJestConfig(context(null)));
    expect(bare).not.toHaveProperty('preset');
    expect(bare).toMatchObject({
      testEnvironment: 'node',
      transform: expect.objectContaining({ '^.+\\.ts$': expect.anything() }),
    });
  });

  it('finds the preset a workspace has, and writes a tsconfig.base.json only where there is none', () => {
    const tree = createTreeWithEmptyWorkspace();
    expect(readWorkspaceSettings(tree).jestPreset).toBeNull();
    tree.write('jest.preset.js', "module.exports = { ...require('@nx/jest/preset').default };\n");
    expect(readWorkspaceSettings(tree).jestPreset).toBe('jest.preset.js');
    const own = tree.read(TSCONFIG_BASE, 'utf-8');
    expect(ensureTsconfigBase(tree)).toBe(false);
    expect(tree.read(TSCONFIG_BASE, 'utf-8')).toBe(own);
    tree.delete(TSCONFIG_BASE);
    expect(ensureTsconfigBase(tree)).toBe(true);
    // Two-space JSON with a final newline, as Nx's writeJson spells it.
    expect(tree.read(TSCONFIG_BASE, 'utf-8')).toBe(
      [
        '{',
        '  "compilerOptions": {',
        '    "strict": true,',
        '    "skipLibCheck": true,',
        '    "forceConsistentCasingInFileNames": true,',
        '    "resolveJsonModule": true',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it("type-checks against an Nx TypeScript-solution base (composite, nodenext, custom conditions) and keeps the base's paths", () => {
    const root = mkdtempSync(join(tmpdir(), 'l9-ts-base-'));
    try {
      writeFileSync(
        join(root, TSCONFIG_BASE),
        JSON.stringify({
          compilerOptions: {
            composite: true,
            declarationMap: true,
            emitDeclarationOnly: true,
            module: 'nodenext',
            moduleResolution: 'nodenext',
            customConditions: ['development'],
            strict: true,
            target: 'es2015',
            lib: ['es2020', 'dom'],
            skipLibCheck: true,
            baseUrl: '.',
            paths: { '@acme/util': ['libs/util/index.ts'] },
          },
        }),
      );
      mkdirSync(join(root, 'libs/util'), { recursive: true });
      writeFileSync(join(root, 'libs/util/index.ts'), 'export const twice = (n: number): number => n * 2;\n');
      const agent = join(root, 'agents/ledger-reconciler');
      mkdirSync(join(agent, 'src/modules'), { recursive: true });
      writeFileSync(
        join(agent, 'tsconfig.json'),
        renderTsconfig(context(null)).replace('"node",\n      "jest"', '"node"'),
      );
      writeFileSync(
        join(agent, 'src/modules/ledger.ts'),
        "import { twice } from '@acme/util';\nexport const total = (values: number[]): number => values.map(twice).reduce((a, b) => a + b, 0);\nexport const last = (values: number[]): number | undefined => values.at(-1);\n",
      );
      writeFileSync(
        join(agent, 'src/main.ts'),
        "import { total } from './modules/ledger';\nexport const answer: number = total([1, 2]);\n",
      );
      const tsc = require.resolve('typescript/bin/tsc', { paths: [workspaceRoot()] });
      const typeRoots = join(workspaceRoot(), 'node_modules/@types');
      expect(() =>
        execFileSync(process.execPath, [tsc, '-p', join(agent, 'tsconfig.json'), '--typeRoots', typeRoots], {
          encoding: 'utf8',
        }),
      ).not.toThrow();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
