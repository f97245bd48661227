import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TaskGraph } from '@nx/devkit';
import { pairResultFile } from '../../plugin/integration-pair-names';
import { pairGroups, runPairGroup, type PairGroup, type PairTaskResult } from './pair-batch';

const agent = (id: string) => ({
  id,
  name: `${id}-agent`,
  route_prefix: id,
  wave: 0,
  port: 8000,
  depends_on: { hard: [], soft: [] },
  spec_sha256: '',
});
const plan = {
  format: 'l9/locked-plan@1',
  agents: [agent('a'), agent('b'), agent('c')],
  order: ['a-agent', 'b-agent', 'c-agent'],
};

describe('pairGroups', () => {
  it('groups the tasks of a batch by ecosystem project and options, in the order Nx listed them', () => {
    const task = (project: string, pair: string) => ({
      id: `${project}:integration--${pair}`,
      target: { project, target: `integration--${pair}` },
    });
    const tasks = [task('eco', 'a--b'), task('other', 'x--y'), task('eco', 'a--c'), task('eco', 'b--c')];
    const graph = { tasks: Object.fromEntries(tasks.map((t) => [t.id, t])) } as unknown as TaskGraph;
    const inputs = {
      'eco:integration--a--b': { agents: ['a', 'b'] },
      'other:integration--x--y': { agents: ['x', 'y'] },
      'eco:integration--a--c': { agents: ['a', 'c'] },
      'eco:integration--b--c': { agents: ['b', 'c'], backends: 'embedded' as const },
    };
    const projects = { eco: { root: 'agents/eco' }, other: { root: 'more/other' } };
    const groups = pairGroups(graph, inputs, {
      root: '/ws',
      projectsConfigurations: { version: 2, projects },
    });
    expect(groups.map((g) => [g.project, g.ecosystemRoot, g.options.backends, g.pairs])).toEqual([
      [
        'eco',
        '/ws/agents/eco',
        undefined,
        [
          { task: 'eco:integration--a--b', agents: ['a', 'b'] },
          { task: 'eco:integration--a--c', agents: ['a', 'c'] },
        ],
      ],
      ['other', '/ws/more/other', undefined, [{ task: 'other:integration--x--y', agents: ['x', 'y'] }]],
      ['eco', '/ws/agents/eco', 'embedded', [{ task: 'eco:integration--b--c', agents: ['b', 'c'] }]],
    ]);
  });
});

describe('runPairGroup when it cannot check', () => {
  let root: string;
  let ecosystemRoot: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'l9-pair-batch-'));
    ecosystemRoot = join(root, 'eco');
    mkdirSync(ecosystemRoot);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const group = (pairs: string[][]): PairGroup => ({
    project: 'eco',
    ecosystemRoot,
    options: { backends: 'embedded', healthTimeout: 5 },
    pairs: pairs.map((agents) => ({ task: `eco:integration--${agents.join('--')}`, agents })),
  });
  async function run(pairs: string[][]): Promise<{ results: PairTaskResult[]; stdout: string }> {
    const results: PairTaskResult[] = [];
    let stdout = '';
    await runPairGroup(
      group(pairs),
      root,
      { stdout: (text) => (stdout += text), stderr: () => undefined, env: {}, bundleTarget: 'bundle' },
      (result) => results.push(result),
    );
    return { results, stdout };
  }

  it('fails every task once, naming the plan, when there is no locked plan', async () => {
    const { results } = await run([
      ['a', 'b'],
      ['a', 'c'],
    ]);
    expect(results.map((r) => [r.task, r.result.success])).toEqual([
      ['eco:integration--a--b', false],
      ['eco:integration--a--c', false],
    ]);
    for (const { result } of results) {
      expect(result.terminalOutput).toMatch(/^integration: .*plan\.lock\.json/);
      // Nx records each task's timing from these; a task without them would have none.
      expect(result.endTime).toBeGreaterThanOrEqual(result.startTime);
    }
  });

  it('fails a pair that names an agent the plan does not hold alone, and every other pair once when their bundles are missing, leaving no old result behind', async () => {
    writeFileSync(join(ecosystemRoot, 'plan.lock.json'), JSON.stringify(plan));
    const stale = join(ecosystemRoot, pairResultFile('a', 'b'));
    mkdirSync(dirname(stale), { recursive: true });
    writeFileSync(stale, '{}');
    const { results, stdout } = await run([
      ['a', 'zed'],
      ['a', 'b'],
      ['b', 'c'],
    ]);
    expect(results.map((r) => [r.task, r.result.success])).toEqual([
      ['eco:integration--a--zed', false],
      ['eco:integration--a--b', false],
      ['eco:integration--b--c', false],
    ]);
    expect(results[0]!.result.terminalOutput).toBe(
      "integration: zed is not an agent of the locked plan (a, b, c); regenerate the ecosystem or fix the target's agents option\n",
    );
    // One start for the two valid pairs, with the three agents they need; refused before anything ran.
    expect(stdout).toContain(
      'integration: 2 pair tasks of eco in one batch, 3 agents started once per backend set',
    );
    for (const { result } of results.slice(1))
      expect(result.terminalOutput).toMatch(
        /^integration: 3 agents have no bundle built from their current sources/,
      );
    expect(existsSync(stale)).toBe(false);
  });
});
