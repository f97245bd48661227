import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LockedPlan } from '../../plan';
import type { BackendSet } from './backend-set';
import { mergeIntegration } from './merge-executor';
import type { MatrixRun } from './matrix-result';
import { memberPairs, pairResultFile } from '../../plugin/integration-pair-names';
import { pairPlan } from './pair-plan';
import type { PairResult } from './pair-check';
import { mergePairFiles, pairFile } from './pair-result';

const pass = { status: 'pass' as const, failures: [] };
const result = (source: string, destination: string, backends: BackendSet, passed = true): PairResult => ({
  source,
  destination,
  backends,
  rest: passed ? pass : { status: 'fail', failures: [`${destination} answered 500`] },
  stream: { status: 'n/a', failures: [] },
  escalation: pass,
  a2a: pass,
  lineage: pass,
  passed,
});
const agent = (id: string, name: string) => ({
  id,
  name,
  route_prefix: id,
  wave: 0,
  port: 8000,
  depends_on: { hard: [], soft: [] },
  spec_sha256: '',
});
/** Three agents whose plan order differs from their ids' order, as a real plan's may. */
const plan = {
  format: 'l9/locked-plan@1',
  agents: [agent('c', 'C'), agent('a', 'A'), agent('b', 'B')],
  order: ['C', 'A', 'B'],
} as unknown as LockedPlan;

describe('pair tasks of the integration matrix', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'l9-pairs-'));
    writeFileSync(join(root, 'plan.lock.json'), JSON.stringify(plan));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** What each pair task writes: both directions on each set; `failing` names the one direction that fails. */
  function writePairs(sets: BackendSet[] = ['embedded'], failing?: string): void {
    for (const [first, second] of memberPairs(['c', 'a', 'b'])) {
      const runs: MatrixRun[] = sets.map((backends) => ({
        backends,
        stream: 'not-shared',
        agents: 2,
        duration_ms: 1000,
        pairs: [
          result(first, second, backends, failing !== `${first}>${second}`),
          result(second, first, backends, failing !== `${second}>${first}`),
        ],
      }));
      const file = join(root, pairResultFile(first, second));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(pairFile([first, second], runs)));
    }
  }

  it('cuts the plan down to the two agents of a pair, in plan order, and refuses anything else by name', () => {
    expect(pairPlan(plan, ['b', 'c'])).toMatchObject({
      agents: [{ id: 'c' }, { id: 'b' }],
      order: ['C', 'B'],
    });
    expect(() => pairPlan(plan, ['a', 'a'])).toThrow('a pair needs two different agents, got [a, a]');
    expect(() => pairPlan(plan, ['a'])).toThrow('a pair needs two different agents, got [a]');
    expect(() => pairPlan(plan, ['a', 'zed'])).toThrow('zed is not an agent of the locked plan (c, a, b)');
  });

  it('merges the pair files into one run per backend set, every ordered pair in plan order, as the single task writes them', () => {
    writePairs(['embedded', 'redis+postgres']);
    const runs = mergePairFiles(plan, root, 'x-ecosystem');
    expect(runs.map((run) => run.backends)).toEqual(['embedded', 'redis+postgres']);
    expect(runs[0]!.pairs.map((p) => `${p.source}>${p.destination}`)).toEqual([
      'c>a',
      'c>b',
      'a>c',
      'a>b',
      'b>c',
      'b>a',
    ]);
    expect(runs[1]!.pairs.every((p) => p.backends === 'redis+postgres')).toBe(true);
    expect(runs[0]).toMatchObject({ agents: 3, stream: 'not-shared', duration_ms: 3000 });
  });

  it('writes integration.json for the evidence gate and fails when one direction of one pair failed', async () => {
    writePairs(['embedded'], 'b>a');
    const out: string[] = [];
    expect(
      await mergeIntegration(root, 'x-ecosystem', { stdout: (t) => out.push(t), stderr: (t) => out.push(t) }),
    ).toBe(false);
    const report = JSON.parse(readFileSync(join(root, '.l9', 'integration.json'), 'utf8')) as {
      by_source: Record<string, unknown>;
      passed: number;
      total: number;
    };
    expect([report.passed, report.total]).toEqual([5, 6]);
    expect(report.by_source).toEqual({
      a: { passed: 2, total: 2 },
      b: { passed: 1, total: 2 },
      c: { passed: 2, total: 2 },
    });
    expect(out.join('')).toContain('  b → a rest: a answered 500');
    writePairs(['embedded']);
    expect(
      await mergeIntegration(root, 'x-ecosystem', { stdout: () => undefined, stderr: (t) => out.push(t) }),
    ).toBe(true);
  });

  it('names a missing pair result and the target that writes it, in one line', async () => {
    writePairs();
    rmSync(join(root, pairResultFile('a', 'b')));
    const errors: string[] = [];
    expect(
      await mergeIntegration(root, 'x-ecosystem', { stdout: () => undefined, stderr: (t) => errors.push(t) }),
    ).toBe(false);
    expect(errors).toEqual([
      'integration: .l9/integration/pairs/a--b.json is missing: the pair task did not run; run nx run x-ecosystem:integration--a--b\n',
    ]);
  });

  it('refuses to merge pairs that ran on different backend sets', () => {
    writePairs(['embedded', 'redis+postgres']);
    const file = join(root, pairResultFile('c', 'b'));
    const one = JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof pairFile>;
    writeFileSync(file, JSON.stringify({ ...one, runs: one.runs.slice(0, 1) }));
    expect(() => mergePairFiles(plan, root, 'x-ecosystem')).toThrow(
      'pair c, b ran on embedded but pair c, a on embedded, redis+postgres; run nx run x-ecosystem:integration --skip-nx-cache',
    );
  });
});
