import * as childProcess from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectGraph, TargetConfiguration } from '@nx/devkit';
import { createTaskGraph } from 'nx/src/tasks-runner/create-task-graph';
import { agentTargets } from '../../plugin/agent-targets';
import { targetNames } from '../../plugin/plugin-options';
import { contextFor, scratchWorkspace } from '../testing/scratch-workspace';
import verifyExecutor from './executor';

/** The test target @nx/jest/plugin infers from an agent's jest.config.cjs. */
const JEST_TARGET: TargetConfiguration = { executor: 'nx:run-commands', options: { command: 'jest', cwd: '{projectRoot}' }, cache: true, outputs: ['{projectRoot}/coverage'] };

describe('nx run-many -t verify', () => {
  it('runs each agent\'s tests once: one test task per agent, which its verify task depends on', () => {
    const agents = ['weather-ingest', 'forecast-engine', 'alert-dispatcher'];
    const targets = { ...agentTargets(targetNames({})), test: JEST_TARGET };
    const graph: ProjectGraph = {
      nodes: Object.fromEntries(agents.map((name) => [name, { name, type: 'app' as const, data: { root: `agents/${name}`, targets } }])),
      dependencies: {
        'weather-ingest': [],
        'forecast-engine': [{ source: 'forecast-engine', target: 'weather-ingest', type: 'static' }],
        'alert-dispatcher': [{ source: 'alert-dispatcher', target: 'forecast-engine', type: 'static' }],
      },
    };
    const taskGraph = createTaskGraph(graph, {}, agents, ['verify'], undefined, {});
    const jestRuns = Object.values(taskGraph.tasks).filter((task) => task.target.target === 'test');
    expect(jestRuns.map((task) => task.target.project).sort()).toEqual([...agents].sort());
    for (const agent of agents) expect(taskGraph.dependencies[`${agent}:verify`]).toContain(`${agent}:test`);
  });
});

describe('the verify executor', () => {
  it('reads the counts the test target recorded and starts no process', async () => {
    const scratch = scratchWorkspace(['tensoraios']);
    const spawned = [jest.spyOn(childProcess, 'spawnSync'), jest.spyOn(childProcess, 'spawn'), jest.spyOn(childProcess, 'execFileSync'), jest.spyOn(childProcess, 'fork')];
    try {
      const coverage = join(scratch.root, 'agents/tensoraios/coverage');
      mkdirSync(coverage, { recursive: true });
      const passing = { status: 'passed', fullName: 'scores', failureMessages: [] };
      writeFileSync(join(coverage, 'test-results.json'), JSON.stringify({ numPassedTests: 39, numTotalTests: 40, testResults: [{ name: 'a.spec.ts', message: '', assertionResults: [passing, { status: 'failed', fullName: 'rejects', failureMessages: ['expected 1'] }] }] }));
      writeFileSync(join(coverage, 'coverage-summary.json'), JSON.stringify({ total: { lines: { covered: 90, total: 100 } } }));
      const result = await verifyExecutor({}, contextFor(scratch.root, ['tensoraios'], 'tensoraios'));
      const report = JSON.parse(require('node:fs').readFileSync(join(scratch.root, 'agents/tensoraios/.l9/verify.json'), 'utf8')) as { gates: Record<string, { passed: number; total: number; ok: boolean }> };
      expect(report.gates).toEqual({ tests: { passed: 39, total: 40, ok: true }, coverage: { passed: 90, total: 100, ok: true } });
      expect(result.success).toBe(true);
      for (const spy of spawned) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spawned) spy.mockRestore();
      scratch.dispose();
    }
  });

  it('fails the test gates naming the missing results file when the test target recorded nothing', async () => {
    const scratch = scratchWorkspace(['tensoraios']);
    try {
      expect(await verifyExecutor({}, contextFor(scratch.root, ['tensoraios'], 'tensoraios'))).toEqual({ success: false });
      const report = JSON.parse(require('node:fs').readFileSync(join(scratch.root, 'agents/tensoraios/.l9/verify.json'), 'utf8')) as { checks: Array<{ id: string; passed: boolean; evidence: Array<{ file: string }> }> };
      const tests = report.checks.find((c) => c.id === 'tests')!;
      expect(tests.passed).toBe(false);
      expect(tests.evidence[0]!.file).toBe('agents/tensoraios/coverage/test-results.json');
    } finally {
      scratch.dispose();
    }
  });
});
