import type { ProjectGraphProjectNode } from '@nx/devkit';
import {
  getImplicitlyTouchedProjects,
  getTouchedProjects,
} from 'nx/src/project-graph/affected/locators/workspace-projects';
import { agentNamedInputs, agentTargets } from './agent-targets';
import { targetNames } from './plugin-options';

/**
 * What `nx affected` counts as touched by a commit (nx/src/project-graph/affected/locators/workspace-projects):
 * files under a project's root, and `{workspaceRoot}/…` inputs of a project's targets. An agent project as Nx
 * merges it: the plugin's inferred configuration with the `l9-schema` named input of its project.json.
 */
function agentNode(name: string, schemas: string[]): ProjectGraphProjectNode {
  const namedInputs = {
    ...agentNamedInputs(['{workspaceRoot}/packages/l9/src/**/*']),
    'l9-schema': schemas.map((file) => `{workspaceRoot}/${file}`),
  };
  return {
    name,
    type: 'app',
    data: { root: `agents/${name}`, namedInputs, targets: agentTargets(targetNames({})) },
  };
}

describe('a schema-only commit', () => {
  const weather = [
    'schemas/weather/alert-dispatcher.yaml',
    'schemas/weather/forecast-engine.yaml',
    'schemas/weather/weather-ingest.yaml',
  ];
  const nodes = {
    'forecast-engine': agentNode('forecast-engine', weather),
    'weather-ingest': agentNode('weather-ingest', weather),
    lone: agentNode('lone', ['schemas/lone.yaml']),
    'hand-made': agentNode('hand-made', []),
  };
  // Nx's locators may answer synchronously or with a promise, depending on the version: await both.
  const touched = async (file: string) => {
    const changes = [{ file, hash: 'changed', getChanges: () => [] }];
    return [
      ...(await getTouchedProjects(changes, nodes)),
      ...(await getImplicitlyTouchedProjects(changes, nodes, {})),
    ].sort();
  };

  it('touches exactly the agents generated from that schema file', async () => {
    expect(await touched('schemas/weather/forecast-engine.yaml')).toEqual([
      'forecast-engine',
      'weather-ingest',
    ]);
    expect(await touched('schemas/lone.yaml')).toEqual(['lone']);
  });

  it('touches no agent for a schema file none was generated from', async () => {
    expect(await touched('schemas/other.yaml')).toEqual([]);
  });
});
