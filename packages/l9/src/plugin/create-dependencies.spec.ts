import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type {
  CreateDependenciesContext,
  FileData,
  ProjectConfiguration,
  RawProjectGraphDependency,
} from '@nx/devkit';
import fc from 'fast-check';
import { analyzeGraph } from '../graph';
import { acceptSoftEdges } from '../graph/accept-soft-edges';
import { canonicalJsonPretty } from '../plan/plan-lock-format';
import type { DependencyEdge } from '../schema/model/ecosystem';
import { createDependencies } from './create-dependencies';

describe('createDependencies', () => {
  let workspaceRoot: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(workspaceRoot, file)), { recursive: true });
    writeFileSync(join(workspaceRoot, file), text);
  };
  const agent = (root: string): ProjectConfiguration => ({ root, tags: ['l9:agent'] });
  const ecosystem = (root: string): ProjectConfiguration => ({ root, tags: ['l9:ecosystem'] });
  const context = (
    projects: Record<string, ProjectConfiguration>,
    toProcess: Record<string, string[]>,
  ): CreateDependenciesContext => {
    const projectFileMap: Record<string, FileData[]> = {};
    for (const [project, files] of Object.entries(toProcess))
      projectFileMap[project] = files.map((file) => ({ file, hash: file }));
    const fileMap = { projectFileMap, nonProjectFiles: [] };
    return {
      workspaceRoot,
      projects,
      nxJsonConfiguration: {},
      externalNodes: {},
      fileMap,
      filesToProcess: fileMap,
    };
  };
  const agentYaml = (name: string, hard: string[], soft: string[]) =>
    `id: x\nname: ${name}\ndepends_on:\n  hard: [${hard.join(', ')}]\n  soft: [${soft.join(', ')}]\n`;
  /** A plan.lock.json as the generator writes it (canonical, indented), with a todo list the reader must skip. */
  const writePlan = (
    root: string,
    order: string[],
    edges: Array<{ from: string; to: string; kind: 'hard' | 'soft' }>,
    ids: Record<string, string>,
  ) =>
    write(
      `${root}/plan.lock.json`,
      canonicalJsonPretty({
        agents: order.map((name) => ({ id: ids[name], name, depends_on: { hard: [], soft: [] } })),
        edges,
        format: 'l9/locked-plan@1',
        order,
        todo: [{ file: 'x', id: 'a.01' }],
        waves: [order],
      }),
    );
  const pairs = (edges: RawProjectGraphDependency[]) =>
    edges.map((e) => `${e.source}->${e.target}:${e.type}`).sort();
  beforeEach(() => {
    workspaceRoot = mkdtempSync(join(tmpdir(), 'l9-deps-'));
  });
  afterEach(() => rmSync(workspaceRoot, { recursive: true, force: true }));

  it('makes a static edge with the agent.yaml as source file for each hard dependency on an agent project', async () => {
    write(
      'agents/plastos-adapter/agent.yaml',
      'id: plastos-adapter\nname: PlastOSAdapter\ndepends_on:\n  hard:\n    - MainAgent\n    - TensorAIOS\n  soft:\n    - TensorAIOS\n',
    );
    const projects = {
      'plastos-adapter': agent('agents/plastos-adapter'),
      'main-agent': agent('agents/main-agent'),
      tensoraios: agent('agents/tensoraios'),
    };
    const edges = await createDependencies(
      {},
      context(projects, {
        'plastos-adapter': ['agents/plastos-adapter/src/main.ts', 'agents/plastos-adapter/agent.yaml'],
      }),
    );
    const edge = (target: string) => ({
      source: 'plastos-adapter',
      target,
      sourceFile: 'agents/plastos-adapter/agent.yaml',
      type: 'static',
    });
    expect(edges).toEqual([edge('main-agent'), edge('tensoraios')]);
  });

  it('leaves out names that are no agent project, the agent itself, and projects whose agent.yaml Nx did not hand over', async () => {
    write(
      'agents/a/agent.yaml',
      'id: a\nname: A\ndepends_on:\n  hard: [A, Runtime, Missing, B]\n  soft: []\n',
    );
    write('agents/b/agent.yaml', 'id: b\nname: B\ndepends_on:\n  hard: [A]\n  soft: []\n');
    const projects = {
      a: agent('agents/a'),
      b: agent('agents/b'),
      runtime: { root: 'packages/runtime', tags: [] },
    };
    const edges = await createDependencies(
      {},
      context(projects, { a: ['agents/a/agent.yaml'], b: ['agents/b/src/main.ts'] }),
    );
    expect(edges).toEqual([{ source: 'a', target: 'b', sourceFile: 'agents/a/agent.yaml', type: 'static' }]);
  });

  // ForecastEngine hard -> WeatherIngest, soft -> AlertDispatcher; AlertDispatcher hard -> ForecastEngine.
  it('leaves out a soft edge the plan dropped, so a soft edge pointing back along a hard chain makes no cycle', async () => {
    write(
      'agents/forecast-engine/agent.yaml',
      agentYaml('ForecastEngine', ['WeatherIngest'], ['AlertDispatcher']),
    );
    write('agents/alert-dispatcher/agent.yaml', agentYaml('AlertDispatcher', ['ForecastEngine'], []));
    write('agents/weather-ingest/agent.yaml', agentYaml('WeatherIngest', [], []));
    const ids = {
      ForecastEngine: 'forecast-engine',
      AlertDispatcher: 'alert-dispatcher',
      WeatherIngest: 'weather-ingest',
    };
    writePlan(
      'agents/weather',
      ['WeatherIngest', 'ForecastEngine', 'AlertDispatcher'],
      [
        { from: 'WeatherIngest', to: 'ForecastEngine', kind: 'hard' },
        { from: 'AlertDispatcher', to: 'ForecastEngine', kind: 'soft' },
        { from: 'ForecastEngine', to: 'AlertDispatcher', kind: 'hard' },
      ],
      ids,
    );
    const projects = {
      weather: ecosystem('agents/weather'),
      ...Object.fromEntries(Object.values(ids).map((id) => [id, agent(`agents/${id}`)])),
    };
    const all = Object.fromEntries(Object.values(ids).map((id) => [id, [`agents/${id}/agent.yaml`]]));
    expect(pairs(await createDependencies({}, context(projects, all)))).toEqual([
      'alert-dispatcher->forecast-engine:static',
      'forecast-engine->weather-ingest:static',
    ]);
  });

  it('adds the soft edges the plan accepted as implicit edges on every computation, whichever files changed', async () => {
    write('agents/a/agent.yaml', agentYaml('A', [], []));
    write('agents/b/agent.yaml', agentYaml('B', [], ['A']));
    writePlan('agents/eco', ['A', 'B'], [{ from: 'A', to: 'B', kind: 'soft' }], { A: 'a', B: 'b' });
    const projects = { eco: ecosystem('agents/eco'), a: agent('agents/a'), b: agent('agents/b') };
    expect(await createDependencies({}, context(projects, {}))).toEqual([
      { source: 'b', target: 'a', type: 'implicit' },
    ]);
  });

  it('orders nothing by the soft dependencies of an agent no plan lists', async () => {
    write('agents/a/agent.yaml', agentYaml('A', [], ['B']));
    write('agents/b/agent.yaml', agentYaml('B', ['A'], []));
    const projects = { a: agent('agents/a'), b: agent('agents/b') };
    expect(
      pairs(
        await createDependencies(
          {},
          context(projects, { a: ['agents/a/agent.yaml'], b: ['agents/b/agent.yaml'] }),
        ),
      ),
    ).toEqual(['b->a:static']);
  });

  it('makes hard edges implicit, recomputed from the plans and the standalone agents, when the meta template says so', async () => {
    write(
      'templates/meta/meta.dependency.integration.yaml',
      'edge_kinds:\n  hard:\n    description: d\n    nx_dependency: implicit\n  soft:\n    nx_dependency: implicit\n',
    );
    write('agents/a/agent.yaml', agentYaml('A', [], []));
    write('agents/b/agent.yaml', agentYaml('B', ['A'], []));
    write('agents/lone/agent.yaml', agentYaml('Lone', ['A'], []));
    writePlan('agents/eco', ['A', 'B'], [{ from: 'A', to: 'B', kind: 'hard' }], { A: 'a', B: 'b' });
    const projects = {
      eco: ecosystem('agents/eco'),
      a: agent('agents/a'),
      b: agent('agents/b'),
      lone: agent('agents/lone'),
    };
    expect(pairs(await createDependencies({}, context(projects, {})))).toEqual([
      'b->a:implicit',
      'lone->a:implicit',
    ]);
  });

  it('keeps the edges of every readable agent.yaml when another is unreadable (createNodesV2 reports that one)', async () => {
    write('agents/a/agent.yaml', 'id: a\nname: A\ndepends_on: {hard: [B\n');
    write('agents/b/agent.yaml', agentYaml('B', [], []));
    write('agents/c/agent.yaml', agentYaml('C', ['B'], []));
    const projects = { a: agent('agents/a'), b: agent('agents/b'), c: agent('agents/c') };
    const edges = await createDependencies(
      {},
      context(projects, {
        a: ['agents/a/agent.yaml'],
        b: ['agents/b/agent.yaml'],
        c: ['agents/c/agent.yaml'],
      }),
    );
    expect(pairs(edges)).toEqual(['c->b:static']);
  });

  it('reads every other file, then names each unreadable plan in one error', async () => {
    write('agents/b/agent.yaml', agentYaml('B', [], []));
    write('agents/eco/plan.lock.json', '{ "order": [');
    write('agents/other/plan.lock.json', 'not json');
    const projects = { eco: ecosystem('agents/eco'), other: ecosystem('agents/other'), b: agent('agents/b') };
    const run = async () => createDependencies({}, context(projects, { b: ['agents/b/agent.yaml'] }));
    await expect(run()).rejects.toThrow(
      /2 files:\n {2}agents\/eco\/plan\.lock\.json: not a readable locked plan[^\n]*\n {2}agents\/other\/plan\.lock\.json: not a readable locked plan/,
    );
  });

  describe('over random ecosystems', () => {
    const origin = (line: number) => ({ file: 'schema.yaml', line, column: 1 });
    /** Agents N0…Nn-1, hard edges forming a DAG (from a lower to a higher index of a shuffled order), soft edges anywhere. */
    const ecosystems = fc.integer({ min: 2, max: 7 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        rank: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
        hard: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 12 }),
        soft: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 12 }),
      }),
    );

    function hasCycle(nodes: string[], edges: RawProjectGraphDependency[]): boolean {
      const next = new Map(nodes.map((n) => [n, edges.filter((e) => e.source === n).map((e) => e.target)]));
      const state = new Map<string, 'open' | 'done'>();
      const visit = (node: string): boolean => {
        if (state.get(node) === 'open') return true;
        if (state.get(node) === 'done') return false;
        state.set(node, 'open');
        const found = (next.get(node) ?? []).some(visit);
        state.set(node, 'done');
        return found;
      };
      return nodes.some(visit);
    }

    it('gives exactly the hard edges and the soft edges l9 accepts for ordering, never a cycle', async () => {
      await fc.assert(
        fc.asyncProperty(ecosystems, async ({ n, rank, hard, soft }) => {
          rmSync(workspaceRoot, { recursive: true, force: true });
          const name = (i: number) => `N${i}`;
          const edge =
            (kind: 'hard' | 'soft', line: number) =>
            ([a, b]: [number, number]): DependencyEdge => {
              // A hard edge runs from the agent earlier in `rank` to the later one, so hard edges never form a cycle.
              const [from, to] = kind === 'hard' && rank.indexOf(a) > rank.indexOf(b) ? [b, a] : [a, b];
              return { from: name(from), to: name(to), kind, origin: origin(line) };
            };
          const hardEdges = hard.filter(([a, b]) => a !== b).map((pair, i) => edge('hard', i + 1)(pair));
          const softEdges = soft.filter(([a, b]) => a !== b).map((pair, i) => edge('soft', 100 + i)(pair));
          const nodes = [...Array(n).keys()].map(name);
          const analysis = analyzeGraph({ nodes, edges: [...hardEdges, ...softEdges], rank: (node) => node });
          expect(analysis.cycles).toEqual([]);
          const ids = Object.fromEntries(nodes.map((node) => [node, node.toLowerCase()]));
          writePlan(
            'agents/eco',
            analysis.order,
            [...hardEdges, ...softEdges].map(({ from, to, kind }) => ({ from, to, kind })),
            ids,
          );
          const projects: Record<string, ProjectConfiguration> = { eco: ecosystem('agents/eco') };
          const handed: Record<string, string[]> = {};
          for (const node of nodes) {
            const id = ids[node]!;
            const dependsOn = (kind: 'hard' | 'soft') =>
              [...hardEdges, ...softEdges].filter((e) => e.kind === kind && e.to === node).map((e) => e.from);
            write(`agents/${id}/agent.yaml`, agentYaml(node, dependsOn('hard'), dependsOn('soft')));
            projects[id] = agent(`agents/${id}`);
            handed[id] = [`agents/${id}/agent.yaml`];
          }
          const edges = await createDependencies({}, context(projects, handed));
          const expected = new Set(
            acceptSoftEdges(hardEdges, softEdges).accepted.map((e) => `${ids[e.to]}->${ids[e.from]}`),
          );
          expect(new Set(edges.map((e) => `${e.source}->${e.target}`))).toEqual(expected);
          expect(hasCycle(Object.values(ids), edges)).toBe(false);
        }),
        { numRuns: 150 },
      );
    });
  });
});
