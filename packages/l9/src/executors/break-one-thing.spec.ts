import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '../testing/reference-inputs';
import { loadAgentProject } from './shared/agent-project';
import { contextFor, scratchWorkspace } from './testing/scratch-workspace';
import { validateChecks } from './validate/validate-checks';
import { recursiveVerification } from './verify/verify-checks';
import { readTestResults } from './verify/read-test-results';

const AGENTS = ['tensoraios', 'main-agent'];

function failing(
  checks: Array<{
    id: string;
    passed: boolean;
    evidence: Array<{ file: string; line?: number; detail: string }>;
  }>,
) {
  return checks.filter((c) => !c.passed).map((c) => ({ id: c.id, evidence: c.evidence }));
}

describe('the checks on an intact agent', () => {
  it('all pass', () => {
    const scratch = scratchWorkspace(AGENTS);
    try {
      const project = loadAgentProject(contextFor(scratch.root, AGENTS, 'tensoraios'));
      expect(failing(validateChecks(project, new Set(AGENTS)).checks)).toEqual([]);
      expect(failing(recursiveVerification(project))).toEqual([]);
    } finally {
      scratch.dispose();
    }
  });
});

describe('breaking one thing at a time', () => {
  let scratch: ReturnType<typeof scratchWorkspace>;
  const project = () => loadAgentProject(contextFor(scratch.root, AGENTS, 'tensoraios'));
  const file = (path: string) => join(scratch.root, 'agents/tensoraios', path);

  beforeEach(() => {
    scratch = scratchWorkspace(AGENTS);
  });
  afterEach(() => scratch.dispose());

  it('a TODO in a domain module fails validate at its file and line', () => {
    appendFileSync(file('src/modules/tensor-scorer.ts'), '\n// TODO tune the weights\n');
    const lines = readFileSync(file('src/modules/tensor-scorer.ts'), 'utf8').split('\n');
    const [failure] = failing(validateChecks(project(), new Set(AGENTS)).checks);
    expect(failure!.id).toBe('forbidden-markers');
    expect(failure!.evidence).toEqual([
      expect.objectContaining({
        file: 'agents/tensoraios/src/modules/tensor-scorer.ts',
        line: lines.indexOf('// TODO tune the weights') + 1,
      }),
    ]);
  });

  it('a hand edit to a generated file fails validate, naming the file', () => {
    appendFileSync(file('src/generated/wiring.ts'), '\nexport const extra = 1;\n');
    expect(failing(validateChecks(project(), new Set(AGENTS)).checks)).toEqual([
      {
        id: 'generated-unchanged',
        evidence: [expect.objectContaining({ file: 'agents/tensoraios/src/generated/wiring.ts' })],
      },
    ]);
  });

  it('a deleted route fails verify at the line of agent.yaml that declares it', () => {
    const contract = readFileSync(file('src/generated/contract.ts'), 'utf8');
    writeFileSync(
      file('src/generated/contract.ts'),
      contract.replace('"/tensoraios/v6/anomaly"', '"/tensoraios/v6/anomaly-gone"'),
    );
    const yaml = readFileSync(file('agent.yaml'), 'utf8').split('\n');
    const failures = failing(recursiveVerification(project()));
    expect(failures.map((f) => f.id)).toEqual(['endpoints-routed']);
    expect(failures[0]!.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'agents/tensoraios/agent.yaml',
          line: yaml.findIndex((l) => l.includes('path: /tensoraios/v6/anomaly')) + 1,
        }),
        expect.objectContaining({
          file: 'agents/tensoraios/src/generated/contract.ts',
          detail: expect.stringContaining('scope drift'),
        }),
      ]),
    );
  });

  it('an undeclared module fails verify as scope drift', () => {
    writeFileSync(file('src/modules/side-channel.ts'), 'export const sideChannel = 1;\n');
    expect(failing(recursiveVerification(project()))).toEqual([
      {
        id: 'modules-match',
        evidence: [
          expect.objectContaining({ file: 'agents/tensoraios/src/modules/side-channel.ts', line: 1 }),
        ],
      },
    ]);
  });

  it('an import cycle fails verify with the path and the importing line', () => {
    const scorer = readFileSync(file('src/modules/tensor-scorer.ts'), 'utf8');
    writeFileSync(
      file('src/modules/tensor-scorer.ts'),
      `import { ANOMALY } from './anomaly-detector';\nexport const SCORER = ANOMALY;\n${scorer}`,
    );
    const anomaly = readFileSync(file('src/modules/anomaly-detector.ts'), 'utf8');
    writeFileSync(
      file('src/modules/anomaly-detector.ts'),
      `import { SCORER } from './tensor-scorer';\nexport const ANOMALY = 'anomaly';\nexport const USES = () => SCORER;\n${anomaly}`,
    );
    const cycle = failing(recursiveVerification(project())).find((f) => f.id === 'no-import-cycles');
    expect(cycle!.evidence[0]).toEqual(
      expect.objectContaining({
        line: 1,
        detail: expect.stringMatching(
          /import cycle: .*anomaly-detector\.ts -> .*tensor-scorer\.ts -> .*anomaly-detector\.ts|import cycle: .*tensor-scorer\.ts -> .*anomaly-detector\.ts -> .*tensor-scorer\.ts/,
        ),
      }),
    );
  });

  it('a failing test and coverage below the gate show in the counts the verify gates compare', () => {
    const spec = readFileSync(file('src/modules/tensor-scorer.spec.ts'), 'utf8');
    writeFileSync(
      file('src/modules/tensor-scorer.spec.ts'),
      spec.replace('accepted: true', 'accepted: false'),
    );
    const uncovered = Array.from(
      { length: 80 },
      (_, i) => `export function unused${i}(x: number): number {\n  return x * ${i + 2};\n}`,
    ).join('\n');
    appendFileSync(file('src/modules/anomaly-detector.ts'), `\n${uncovered}\n`);
    // What the test target runs (`jest` in the project folder); its reporter records the counts verify reads.
    const jest = require.resolve('jest/bin/jest', { paths: [scratch.root] });
    spawnSync(process.execPath, [jest, '--ci', '--silent'], {
      cwd: join(scratch.root, 'agents/tensoraios'),
      encoding: 'utf8',
    });
    const run = readTestResults(scratch.root, 'agents/tensoraios');
    expect(run.missing).toBeUndefined();
    expect(run.total).toBeGreaterThan(30);
    expect(run.passed).toBe(run.total - 1);
    expect(run.failedTests).toEqual([
      expect.objectContaining({
        file: expect.stringContaining('agents/tensoraios/src/modules/tensor-scorer.spec.ts'),
      }),
    ]);
    expect(run.lines.covered * 100).toBeLessThan(run.lines.total * 85);
  });
});

describe('a real Nx run in a scratch workspace when a test suite of an agent fails', () => {
  let scratch: ReturnType<typeof scratchWorkspace>;
  const SUITE = 'agents/tensoraios/src/modules/tensor-scorer.spec.ts';
  type Report = { verdicts?: Verdicts; checks?: Verdicts };
  type Verdicts = Array<{ id: string; passed: boolean; evidence: Array<{ file: string; detail: string }> }>;
  const nx = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [require.resolve('nx/bin/nx.js', { paths: [scratch.root] }), ...args, '--outputStyle=static'],
      {
        cwd: scratch.root,
        env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  const testsVerdict = (file: string) => {
    const report = JSON.parse(
      readFileSync(join(scratch.root, 'agents/tensoraios/.l9', file), 'utf8'),
    ) as Report;
    return (report.verdicts ?? report.checks)!.find((v) => v.id === 'tests')!;
  };

  beforeAll(() => {
    scratch = scratchWorkspace(AGENTS);
    // An Nx workspace around the copied agents: Nx's Jest plugin infers their test targets, the l9 plugin of this
    // checkout the rest; the schema files are there for validate to regenerate the agents from.
    cpSync(join(workspaceRoot(), 'templates', 'examples'), join(scratch.root, 'templates', 'examples'), {
      recursive: true,
    });
    writeFileSync(join(scratch.root, 'tsconfig.json'), JSON.stringify({ compilerOptions: {} }));
    const plugins = [
      { plugin: '@nx/jest/plugin', options: { targetName: 'test' } },
      { plugin: './node_modules/l9/plugin.ts', options: {} },
    ];
    writeFileSync(
      join(scratch.root, 'nx.json'),
      JSON.stringify({ targetDefaults: { test: { cache: true, inputs: ['default', '^default'] } }, plugins }),
    );
    const spec = join(scratch.root, SUITE);
    writeFileSync(spec, `throw new Error('broken on purpose');\n${readFileSync(spec, 'utf8')}`);
  });
  afterAll(() => scratch.dispose());

  it('nx run <agent>:evidence exits 1, not 130, with the evidence written naming the suite and why it failed', () => {
    const run = nx('run', 'tensoraios:evidence');
    expect({
      status: run.status,
      tail: run.status === 1 ? '' : `${run.stdout}\n${run.stderr}`.slice(-3000),
    }).toEqual({ status: 1, tail: '' });
    const tests = testsVerdict('evidence.json');
    expect(tests.passed).toBe(false);
    expect(tests.evidence).toContainEqual({ file: SUITE, detail: 'suite did not run: broken on purpose' });
    expect(run.stdout).toContain('tests (phase 4)');
  }, 600_000);

  it('nx run-many -t verify exits 1, not 130: verify is not skipped and names the suite', () => {
    // The copied agents are not an ecosystem here, so l9:sync would regenerate them as standalone agents.
    const run = nx('run-many', '-t', 'verify', '--skip-sync');
    expect({
      status: run.status,
      tail: run.status === 1 ? '' : `${run.stdout}\n${run.stderr}`.slice(-3000),
    }).toEqual({ status: 1, tail: '' });
    expect(testsVerdict('verify.json')).toMatchObject({
      passed: false,
      evidence: [{ file: SUITE, detail: 'suite did not run: broken on purpose' }],
    });
    // The other agent's verify ran beside it and passed: nothing was skipped.
    expect(
      JSON.parse(readFileSync(join(scratch.root, 'agents/main-agent/.l9/verify.json'), 'utf8')),
    ).toMatchObject({ target: 'verify', passed: true });
  }, 600_000);
});
