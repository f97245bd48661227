import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '../../testing/reference-inputs';
import { loadAgentProject } from '../shared/agent-project';
import { listProjectFiles } from '../shared/project-files';
import { contextFor, scratchWorkspace } from '../testing/scratch-workspace';
import { buildAgentEvidence, failedVerdicts } from './build-agent-evidence';

const AGENTS = ['tensoraios', 'main-agent'];

describe("an agent's evidence", () => {
  let scratch: ReturnType<typeof scratchWorkspace>;
  const evidence = () =>
    buildAgentEvidence(loadAgentProject(contextFor(scratch.root, AGENTS, 'tensoraios')), new Set(AGENTS));
  const file = (path: string) => join(scratch.root, 'agents/tensoraios', path);
  const verdict = (id: string) => evidence().verdicts.find((v) => v.id === id)!;
  const recordTests = (failing: boolean) => {
    mkdirSync(file('coverage'), { recursive: true });
    const passing = { status: 'passed', fullName: 'scores', failureMessages: [] };
    const failed = {
      status: 'failed',
      fullName: 'TensorScorer accepts a packet',
      failureMessages: ['expected true, got false\n  at line 3'],
    };
    const results = failing ? [passing, failed] : [passing, passing];
    writeFileSync(
      file('coverage/test-results.json'),
      JSON.stringify({
        numPassedTests: failing ? 1 : 2,
        numTotalTests: 2,
        testResults: [
          { name: file('src/modules/tensor-scorer.spec.ts'), message: '', assertionResults: results },
        ],
      }),
    );
    writeFileSync(
      file('coverage/coverage-summary.json'),
      JSON.stringify({ total: { lines: { covered: 90, total: 100 } } }),
    );
  };

  beforeEach(() => {
    scratch = scratchWorkspace(AGENTS);
    // The schema files the agents record, which validate regenerates them from.
    cpSync(join(workspaceRoot(), 'templates', 'examples'), join(scratch.root, 'templates', 'examples'), {
      recursive: true,
    });
  });
  afterEach(() => scratch.dispose());

  it('passes every check of an intact agent whose tests passed, and covers every file of it', () => {
    recordTests(false);
    const result = evidence();
    expect(failedVerdicts(result)).toEqual([]);
    expect(result.gates.tests).toEqual({ passed: 2, total: 2 });
    expect(result.files.map((f) => f.path)).toEqual(listProjectFiles(scratch.root, 'agents/tensoraios'));
    expect(result.verdicts.find((v) => v.id === 'every-file-covered')).toMatchObject({
      phase: 6,
      passed: true,
    });
  });

  it('states a failing test as a failed phase 4 verdict naming the test, instead of stopping', () => {
    recordTests(true);
    expect(verdict('tests')).toMatchObject({
      phase: 4,
      passed: false,
      evidence: [
        {
          file: 'agents/tensoraios/src/modules/tensor-scorer.spec.ts',
          detail: 'TensorScorer accepts a packet: expected true, got false',
        },
      ],
    });
    expect(failedVerdicts(evidence())).toEqual([
      'tests (phase 4): agents/tensoraios/src/modules/tensor-scorer.spec.ts: TensorScorer accepts a packet: expected true, got false',
    ]);
  });

  it('names a failed test that the tests gate tolerates (1 of 40) without failing the verdict', () => {
    mkdirSync(file('coverage'), { recursive: true });
    const passing = Array.from({ length: 39 }, () => ({
      status: 'passed',
      fullName: 'scores',
      failureMessages: [],
    }));
    const failed = {
      status: 'failed',
      fullName: 'TensorScorer rejects an empty sample',
      failureMessages: ['expected an error'],
    };
    writeFileSync(
      file('coverage/test-results.json'),
      JSON.stringify({
        numPassedTests: 39,
        numTotalTests: 40,
        testResults: [{ name: 'a.spec.ts', message: '', assertionResults: [...passing, failed] }],
      }),
    );
    writeFileSync(
      file('coverage/coverage-summary.json'),
      JSON.stringify({ total: { lines: { covered: 90, total: 100 } } }),
    );
    expect(verdict('tests')).toMatchObject({
      passed: true,
      evidence: [
        { detail: '39/40 passed' },
        {
          file: 'a.spec.ts',
          detail: 'failed, within the gate: TensorScorer rejects an empty sample: expected an error',
        },
      ],
    });
  });

  it("states a suite that did not run by its cause, not by Jest's heading", () => {
    mkdirSync(file('coverage'), { recursive: true });
    const message =
      '\u001b[1m● \u001b[22mTest suite failed to run\n\n    Error: broken on purpose\n      at Object.<anonymous> (a.spec.ts:1:7)';
    writeFileSync(
      file('coverage/test-results.json'),
      JSON.stringify({
        numPassedTests: 0,
        numTotalTests: 0,
        testResults: [{ name: 'a.spec.ts', message, assertionResults: [] }],
      }),
    );
    writeFileSync(
      file('coverage/coverage-summary.json'),
      JSON.stringify({ total: { lines: { covered: 0, total: 0 } } }),
    );
    expect(verdict('tests')).toMatchObject({
      passed: false,
      evidence: [{ file: 'a.spec.ts', detail: 'suite did not run: Error: broken on purpose' }],
    });
  });

  it('states test results that were never recorded as a failed verdict naming the missing file', () => {
    expect(verdict('tests')).toMatchObject({
      passed: false,
      evidence: [{ file: 'agents/tensoraios/coverage/test-results.json' }],
    });
  });

  it('covers a file the user added as user-owned, and names a listed file that is gone', () => {
    recordTests(false);
    mkdirSync(file('src/helpers'), { recursive: true });
    writeFileSync(
      file('src/helpers/round.ts'),
      'export const round = (x: number): number => Math.round(x);\n',
    );
    rmSync(file('docs/API_SPEC.md'));
    const result = evidence();
    expect(result.files.find((f) => f.path === 'agents/tensoraios/src/helpers/round.ts')).toMatchObject({
      ownership: 'user',
      default: false,
    });
    expect(verdict('every-file-covered')).toMatchObject({
      passed: false,
      evidence: [{ file: 'agents/tensoraios/docs/API_SPEC.md', detail: expect.stringContaining('absent') }],
    });
  });
});
