import * as childProcess from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectGraph, TargetConfiguration } from '@nx/devkit';
import { createTaskGraph } from 'nx/src/tasks-runner/create-task-graph';
import { agentTargets } from '../../plugin/agent-targets';
import { targetNames } from '../../plugin/plugin-options';
import { contextFor, scratchWorkspace } from '../testing/scratch-workspace';
import { runVerify, type TestRunner } from './executor';

/** The test target @nx/jest/plugin infers from an agent's jest.config.cjs. */
const JEST_TARGET: TargetConfiguration = {
  executor: 'nx:run-commands',
  options: { command: 'jest', cwd: '{projectRoot}' },
  cache: true,
  outputs: ['{projectRoot}/coverage'],
};

describe('nx run-many -t verify', () => {
  it('is a graph of verify tasks that depend on nothing, so a failing test cannot make Nx skip one (and exit 130)', () => {
    const agents = ['weather-ingest', 'forecast-engine', 'alert-dispatcher'];
    const targets = { ...agentTargets(targetNames({})), test: JEST_TARGET };
    const graph: ProjectGraph = {
      nodes: Object.fromEntries(
        agents.map((name) => [
          name,
          { name, type: 'app' as const, data: { root: `agents/${name}`, targets } },
        ]),
      ),
      dependencies: {
        'weather-ingest': [],
        'forecast-engine': [{ source: 'forecast-engine', target: 'weather-ingest', type: 'static' }],
        'alert-dispatcher': [{ source: 'alert-dispatcher', target: 'forecast-engine', type: 'static' }],
      },
    };
    const taskGraph = createTaskGraph(graph, {}, agents, ['verify'], undefined, {});
    expect(Object.keys(taskGraph.tasks).sort()).toEqual(agents.map((a) => `${a}:verify`).sort());
    for (const agent of agents) expect(taskGraph.dependencies[`${agent}:verify`]).toEqual([]);
    // Each verify runs its agent's test target itself, alone, so no two runs of one agent's tests overlap.
    expect(agentTargets(targetNames({}))['verify']).toMatchObject({
      parallelism: false,
      options: { testTarget: 'test' },
    });
  });
});

describe('the verify executor', () => {
  const results = (root: string, passed: number, total: number) => {
    const coverage = join(root, 'agents/tensoraios/coverage');
    mkdirSync(coverage, { recursive: true });
    const passing = { status: 'passed', fullName: 'scores', failureMessages: [] };
    const assertions = [
      ...Array.from({ length: passed }, () => passing),
      ...Array.from({ length: total - passed }, () => ({
        status: 'failed',
        fullName: 'rejects',
        failureMessages: ['expected 1'],
      })),
    ];
    writeFileSync(
      join(coverage, 'test-results.json'),
      JSON.stringify({
        numPassedTests: passed,
        numTotalTests: total,
        testResults: [{ name: 'a.spec.ts', message: '', assertionResults: assertions }],
      }),
    );
    writeFileSync(
      join(coverage, 'coverage-summary.json'),
      JSON.stringify({ total: { lines: { covered: 90, total: 100 } } }),
    );
  };
  const report = (root: string) =>
    JSON.parse(readFileSync(join(root, 'agents/tensoraios/.l9/verify.json'), 'utf8')) as {
      gates: Record<string, { passed: number; total: number; ok: boolean }>;
      checks: Array<{ id: string; passed: boolean; evidence: Array<{ file: string; detail: string }> }>;
    };

  it('has the test target run once, through Nx, and reads the counts it recorded; it starts no test process itself', async () => {
    const scratch = scratchWorkspace(['tensoraios']);
    const spawned = [
      jest.spyOn(childProcess, 'spawnSync'),
      jest.spyOn(childProcess, 'spawn'),
      jest.spyOn(childProcess, 'execFileSync'),
      jest.spyOn(childProcess, 'fork'),
    ];
    const runs: Array<[string | undefined, readonly string[]]> = [];
    const runTests: TestRunner = async (root, target, projects) => {
      runs.push([target, projects]);
      results(root, 39, 40);
      return { ok: false, detail: 'nx run-many --targets=jest --projects=tensoraios exited 1' };
    };
    try {
      const result = await runVerify(
        { testTarget: 'jest' },
        contextFor(scratch.root, ['tensoraios'], 'tensoraios'),
        runTests,
      );
      expect(runs).toEqual([['jest', ['tensoraios']]]);
      expect(report(scratch.root).gates).toEqual({
        tests: { passed: 39, total: 40, ok: true },
        coverage: { passed: 90, total: 100, ok: true },
      });
      expect(result.success).toBe(true);
      for (const spy of spawned) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spawned) spy.mockRestore();
      scratch.dispose();
    }
  });

  it('fails with the counts and the failed tests when the gate is missed', async () => {
    const scratch = scratchWorkspace(['tensoraios']);
    try {
      const result = await runVerify(
        {},
        contextFor(scratch.root, ['tensoraios'], 'tensoraios'),
        async (root) => (results(root, 30, 40), { ok: false, detail: 'exited 1' }),
      );
      expect(result).toEqual({ success: false });
      const tests = report(scratch.root).checks.find((c) => c.id === 'tests')!;
      expect(tests.passed).toBe(false);
      expect(tests.evidence).toHaveLength(10);
      expect(tests.evidence[0]).toEqual({ file: 'a.spec.ts', detail: 'rejects: expected 1' });
    } finally {
      scratch.dispose();
    }
  });

  it('does not read an earlier run: results the test run did not write fail the gates, naming the missing file', async () => {
    const scratch = scratchWorkspace(['tensoraios']);
    try {
      results(scratch.root, 40, 40);
      const result = await runVerify(
        {},
        contextFor(scratch.root, ['tensoraios'], 'tensoraios'),
        async () => ({ ok: false, detail: 'exited 1' }),
      );
      expect(result).toEqual({ success: false });
      const tests = report(scratch.root).checks.find((c) => c.id === 'tests')!;
      expect(tests.passed).toBe(false);
      expect(tests.evidence[0]!.file).toBe('agents/tensoraios/coverage/test-results.json');
    } finally {
      scratch.dispose();
    }
  });
});
