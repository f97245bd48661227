import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The direction rule of eslint.config.mjs (import-x/no-restricted-paths zones) against code that imports the wrong
 * way and code that imports the right way. Each case is linted as if it were a file at `filePath`, which need not
 * exist; the imports it names do, so the rule resolves them as it does in the tree.
 */

const root = join(__dirname, '..', '..');

interface LintCase {
  filePath: string;
  code: string;
}

/**
 * Lints every case in one Node process through ESLint's own API (Jest's module sandbox cannot load the ESM
 * config), returning each case's messages of the direction rule.
 */
function directionMessages(cases: readonly LintCase[]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = [];
      for (const c of cases) {
        const [result] = await eslint.lintText(c.code, { filePath: c.filePath });
        out.push(result.messages.filter((m) => m.ruleId === 'import-x/no-restricted-paths' || m.fatal).map((m) => m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((error) => { console.error(error); process.exit(1); });
  `;
  const run = spawnSync(process.execPath, ['-e', script], {
    cwd: root,
    input: JSON.stringify(cases.map((c) => ({ ...c, filePath: join(root, c.filePath) }))),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`ESLint did not run (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

const wrongWay: Array<[string, LintCase, RegExp]> = [
  [
    'the schema room importing the plan',
    { filePath: 'packages/l9/src/schema/probe.ts', code: "export { lockPlan } from '../plan';\n" },
    /The schema room imports only from rooms to its left/,
  ],
  [
    'the generators importing an executor',
    {
      filePath: 'packages/l9/src/generators/probe.ts',
      code: "export * from '../executors/verify/executor';\n",
    },
    /The generators room imports only from rooms to its left/,
  ],
  [
    'the evidence importing the plugin',
    { filePath: 'packages/l9/src/evidence/probe.ts', code: "export * from '../plugin';\n" },
    /The evidence room imports only from rooms to its left/,
  ],
  [
    'a spec of the graph importing the generators',
    {
      filePath: 'packages/l9/src/graph/probe.spec.ts',
      code: "export * from '../generators/ecosystem/generator';\n",
    },
    /The graph room imports only from rooms to its left/,
  ],
  [
    'a module importing the shared test helpers',
    { filePath: 'packages/l9/src/plan/probe.ts', code: "export * from '../testing/reference-inputs';\n" },
    /only specs and other test helpers import it/,
  ],
  [
    'the runtime importing the plugin by its package name',
    { filePath: 'packages/runtime/src/probe.ts', code: "export * from 'l9';\n" },
    /The runtime imports nothing from the plugin/,
  ],
  [
    'the runtime importing a plugin file by path',
    { filePath: 'packages/runtime/src/agent/probe.ts', code: "export * from '../../../l9/src/schema';\n" },
    /The runtime imports nothing from the plugin/,
  ],
  [
    "the plugin's graph entry importing the runtime's main entry",
    { filePath: 'packages/l9/src/plugin/probe.ts', code: "export * from '@l9/runtime';\n" },
    /import @l9\/runtime\/shared, not the runtime itself/,
  ],
  [
    "a deploy module importing the runtime's main entry",
    { filePath: 'packages/l9/src/deploy/probe.ts', code: "export * from '@l9/runtime';\n" },
    /l9 imports the runtime through @l9\/runtime\/shared only/,
  ],
  [
    'a generated agent importing the plugin',
    { filePath: 'agents/main-agent/src/probe.ts', code: "export * from 'l9';\n" },
    /A generated agent imports only @l9\/runtime and its own files/,
  ],
  [
    'a generated agent importing another agent',
    { filePath: 'agents/main-agent/src/probe.ts', code: "export * from '../../tensoraios/src/main';\n" },
    /A generated agent imports only @l9\/runtime and its own files/,
  ],
  [
    'a generated agent importing an npm package',
    { filePath: 'agents/main-agent/src/probe.ts', code: "export * from 'yaml';\n" },
    /A generated agent imports only @l9\/runtime and its own files/,
  ],
];

const rightWay: Array<[string, LintCase]> = [
  [
    'the plan importing the schema and the graph',
    {
      filePath: 'packages/l9/src/plan/probe.ts',
      code: "export * from '../schema';\nexport * from '../graph';\n",
    },
  ],
  [
    'the executors importing the evidence',
    {
      filePath: 'packages/l9/src/executors/probe.ts',
      code: "export * from '../evidence';\n",
    },
  ],
  [
    "the plugin's graph entry importing the runtime's light entry",
    { filePath: 'packages/l9/src/plugin/probe.ts', code: "export * from '@l9/runtime/shared';\n" },
  ],
  [
    "a deploy spec starting agents with the runtime's main entry",
    { filePath: 'packages/l9/src/deploy/probe.spec.ts', code: "export * from '@l9/runtime';\n" },
  ],
  [
    'a spec importing the shared test helpers',
    {
      filePath: 'packages/l9/src/plan/probe.spec.ts',
      code: "export * from '../testing/reference-inputs';\n",
    },
  ],
  [
    'a generated agent importing the runtime and its own files',
    {
      filePath: 'agents/main-agent/src/probe.ts',
      code: "export * from '@l9/runtime';\nexport * from './main';\n",
    },
  ],
];

describe('the direction rule (eslint.config.mjs)', () => {
  const cases = [...wrongWay.map(([, c]) => c), ...rightWay.map(([, c]) => c)];
  let messages: string[][];

  beforeAll(() => {
    messages = directionMessages(cases);
  }, 120_000);

  it.each(wrongWay.map(([name, , expected], index) => [name, index, expected] as const))(
    'refuses %s',
    (_name, index, expected) => {
      expect(messages[index]).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
    },
  );

  it.each(rightWay.map(([name], index) => [name, wrongWay.length + index] as const))(
    'accepts %s',
    (_name, index) => {
      expect(messages[index]).toEqual([]);
    },
  );
});
