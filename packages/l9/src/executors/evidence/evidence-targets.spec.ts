import type { ProjectGraph, TargetConfiguration } from '@nx/devkit';
import { createTaskGraph } from 'nx/src/tasks-runner/create-task-graph';
import { agentTargets, ecosystemTargets } from '../../plugin/agent-targets';
import { targetNames } from '../../plugin/plugin-options';

/** The test target @nx/jest/plugin infers from an agent's jest.config.cjs. */
const JEST_TARGET: TargetConfiguration = {
  executor: 'nx:run-commands',
  options: { command: 'jest', cwd: '{projectRoot}' },
  cache: true,
  outputs: ['{projectRoot}/coverage'],
};

describe('the evidence targets', () => {
  it('depend on no task, so a failing test or check cannot make Nx skip them, and run alone', () => {
    const names = targetNames({ testTargetName: 'jest' });
    const agent = agentTargets(names)['evidence']!;
    const ecosystem = ecosystemTargets(names)['evidence']!;
    for (const target of [agent, ecosystem]) {
      expect(target.dependsOn).toBeUndefined();
      expect(target).toMatchObject({ parallelism: false, cache: true, options: { testTarget: 'jest' } });
    }
    expect(agent.inputs).toEqual(['l9-agent', '^default']);
    expect(ecosystem.inputs).toEqual(
      expect.arrayContaining([
        '^default',
        { env: 'L9_EVIDENCE_KEY' },
        { env: 'L9_REDIS_URL' },
        { env: 'L9_POSTGRES_URL' },
      ]),
    );
  });

  it('make `nx run-many -t evidence` a graph of evidence tasks only: what they report on runs inside them', () => {
    const agents = ['weather-ingest', 'forecast-engine'];
    const targets = { ...agentTargets(targetNames({})), test: JEST_TARGET };
    const graph: ProjectGraph = {
      nodes: {
        ...Object.fromEntries(
          agents.map((name) => [
            name,
            { name, type: 'app' as const, data: { root: `agents/${name}`, targets } },
          ]),
        ),
        'weather-ecosystem': {
          name: 'weather-ecosystem',
          type: 'app',
          data: { root: 'agents/weather-ecosystem', targets: ecosystemTargets(targetNames({})) },
        },
      },
      dependencies: {
        'weather-ingest': [],
        'forecast-engine': [{ source: 'forecast-engine', target: 'weather-ingest', type: 'static' }],
        'weather-ecosystem': agents.map((target) => ({
          source: 'weather-ecosystem',
          target,
          type: 'implicit',
        })),
      },
    };
    const taskGraph = createTaskGraph(
      graph,
      {},
      [...agents, 'weather-ecosystem'],
      ['evidence'],
      undefined,
      {},
    );
    expect(Object.keys(taskGraph.tasks).sort()).toEqual([
      'forecast-engine:evidence',
      'weather-ecosystem:evidence',
      'weather-ingest:evidence',
    ]);
    for (const id of Object.keys(taskGraph.tasks)) expect(taskGraph.dependencies[id]).toEqual([]);
  });
});
