import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { agentGenerator } from '../agent/generator';
import { ecosystemGenerator } from '../ecosystem/generator';
import { L9GenerationError } from '../shared/report-diagnostics';
import { treeFiles } from '../testing/tree-files';
import { WEATHER_SCHEMAS, writeWeatherSchemas } from '../testing/weather-schemas';
import { syncGenerator } from './generator';

const ECOSYSTEM = 'agents/weather-desk';
const AGENT_ROOTS = ['agents/alert-dispatcher', 'agents/forecast-engine', 'agents/weather-ingest'];

function editSchema(tree: Tree, path: string, from: string, to: string): void {
  const text = tree.read(path, 'utf-8')!;
  expect(text).toContain(from);
  tree.write(path, text.replace(from, to));
}

describe('l9:sync on an ecosystem', () => {
  let tree: Tree;
  beforeEach(async () => {
    tree = createTreeWithEmptyWorkspace();
    writeWeatherSchemas(tree);
    await ecosystemGenerator(tree, { schema: WEATHER_SCHEMAS, name: 'weather-desk' });
  });

  it('records the schema files in ecosystem.yaml and in every manifest', () => {
    expect(tree.read(`${ECOSYSTEM}/ecosystem.yaml`, 'utf-8')).toContain(
      `schemas:\n${[...WEATHER_SCHEMAS]
        .sort()
        .map((p) => `  - ${p}\n`)
        .join('')}`,
    );
    for (const root of AGENT_ROOTS)
      expect(JSON.parse(tree.read(`${root}/manifest.json`, 'utf-8')!).schemas).toEqual(
        [...WEATHER_SCHEMAS].sort(),
      );
  });

  it('finds nothing to do right after generation and changes no file', async () => {
    const before = treeFiles(tree, 'agents');
    expect(await syncGenerator(tree)).toBeUndefined();
    expect(treeFiles(tree, 'agents')).toEqual(before);
  });

  it('after a schema edit, rewrites the agents it changes and the ecosystem, and names them and the schema files', async () => {
    editSchema(
      tree,
      'schemas/weather/alert-dispatcher.yaml',
      'Sends severe-weather alerts',
      'Pages the duty officer about severe weather',
    );
    const result = await syncGenerator(tree);
    expect(result).toEqual(expect.objectContaining({ outOfSyncMessage: expect.any(String) }));
    const message = (result as { outOfSyncMessage: string }).outOfSyncMessage;
    expect(message).toContain('agents/alert-dispatcher');
    expect(message).toContain(ECOSYSTEM);
    expect(message).not.toContain('agents/weather-ingest');
    for (const schema of WEATHER_SCHEMAS) expect(message).toContain(schema);
    expect(tree.read('agents/alert-dispatcher/agent.yaml', 'utf-8')).toContain(
      'Pages the duty officer about severe weather',
    );

    const synced = treeFiles(tree, 'agents');
    const fresh = createTreeWithEmptyWorkspace();
    for (const schema of WEATHER_SCHEMAS) fresh.write(schema, tree.read(schema)!);
    await ecosystemGenerator(fresh, { schema: WEATHER_SCHEMAS, name: 'weather-desk' });
    expect(synced).toEqual(treeFiles(fresh, 'agents'));
    expect(await syncGenerator(tree)).toBeUndefined();
  });

  it('stops on a schema error with its diagnostics and leaves the agents as they were', async () => {
    const before = treeFiles(tree, 'agents');
    editSchema(
      tree,
      'schemas/weather/forecast-engine.yaml',
      'hard: [WeatherIngest]',
      'hard: [WeatherIngest, RadarFeed]',
    );
    await expect(syncGenerator(tree)).rejects.toBeInstanceOf(L9GenerationError);
    expect(treeFiles(tree, 'agents')).toEqual(before);
  });

  it('reads the schema files of an ecosystem.yaml written before l9 recorded them from its plan', async () => {
    const path = `${ECOSYSTEM}/ecosystem.yaml`;
    tree.write(path, tree.read(path, 'utf-8')!.replace(/schemas:\n( {2}- .*\n)+/, ''));
    expect(tree.read(path, 'utf-8')).not.toContain('schemas:');
    const result = await syncGenerator(tree);
    expect(result).toEqual({
      outOfSyncMessage: expect.stringContaining(ECOSYSTEM),
      outOfSyncDetails: [expect.stringContaining('ecosystem.yaml')],
    });
    expect(tree.read(path, 'utf-8')).toContain('schemas:');
  });

  it('l9:agent on one member keeps plan.lock.json and the other ecosystem files in step', async () => {
    editSchema(tree, 'schemas/weather/forecast-engine.yaml', 'six-hour forecast', 'twelve-hour forecast');
    const otherMember = treeFiles(tree, 'agents/weather-ingest');
    await agentGenerator(tree, { schema: 'schemas/weather/forecast-engine.yaml', name: 'ForecastEngine' });
    expect(tree.read('agents/forecast-engine/agent.yaml', 'utf-8')).toContain('twelve-hour forecast');
    expect(treeFiles(tree, 'agents/weather-ingest')).toEqual(otherMember);
    const plan = JSON.parse(tree.read(`${ECOSYSTEM}/plan.lock.json`, 'utf-8')!) as {
      hash: string;
      agents: Array<{ name: string; spec_sha256: string }>;
    };
    const manifest = JSON.parse(tree.read('agents/forecast-engine/manifest.json', 'utf-8')!) as {
      spec_sha256: string;
    };
    expect(plan.agents.find((a) => a.name === 'ForecastEngine')!.spec_sha256).toBe(manifest.spec_sha256);
    expect(tree.read(`${ECOSYSTEM}/ecosystem.yaml`, 'utf-8')).toContain(`plan_hash: ${plan.hash}`);
    expect(await syncGenerator(tree)).toBeUndefined();
  });
});

describe('l9:sync on standalone agents', () => {
  const ECHO =
    'name: Echo Service\nsystem: L9 Echo\nmodule: echo\nrole: Echoes what it is sent.\ngovernance:\n  anchors: [Igor]\n  mode: supervised\ncursorinstructions:\n  generatefiles: [echo_formatter.py]\n  generatedocs: [README.md]\ndeployment:\n  endpoints:\n    - {name: format_echo, path: /echo/v1/format, method: POST, timeout_ms: 300}\n';
  let tree: Tree;
  beforeEach(async () => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('schemas/echo.yaml', ECHO);
    tree.write('schemas/shout.yaml', ECHO.replace('Echo Service', 'Shout Service').replace(/echo/g, 'shout'));
    await agentGenerator(tree, { schema: 'schemas/echo.yaml' });
    await agentGenerator(tree, { schema: 'schemas/shout.yaml' });
  });

  const portOf = (id: string) =>
    (JSON.parse(tree.read(`agents/${id}/manifest.json`, 'utf-8')!) as { port: number }).port;

  it('gives each its own port, recorded in its manifest and compiled into its config', () => {
    expect([portOf('echo-service'), portOf('shout-service')]).toEqual([8000, 8001]);
    expect(tree.read('agents/shout-service/src/generated/config.ts', 'utf-8')).toContain('8001');
  });

  it('regenerates an edited one from its recorded schema, on the same port', async () => {
    tree.write(
      'schemas/shout.yaml',
      tree
        .read('schemas/shout.yaml', 'utf-8')!
        .replace('Echoes what it is sent.', 'Repeats what it is sent, louder.'),
    );
    const result = await syncGenerator(tree);
    expect(result).toEqual(
      expect.objectContaining({
        outOfSyncMessage:
          'agents/shout-service differ from what their schema files (schemas/shout.yaml) generate. Run nx sync to regenerate them.',
      }),
    );
    expect(tree.read('agents/shout-service/agent.yaml', 'utf-8')).toContain('louder');
    expect([portOf('echo-service'), portOf('shout-service')]).toEqual([8000, 8001]);
    expect(await syncGenerator(tree)).toBeUndefined();
  });

  it('says which agent its schema no longer defines', async () => {
    tree.write(
      'schemas/shout.yaml',
      tree.read('schemas/shout.yaml', 'utf-8')!.replace('Shout Service', 'Whisper Service'),
    );
    await expect(syncGenerator(tree)).rejects.toThrow(
      'agents/shout-service: its schema files (schemas/shout.yaml) no longer define Shout Service',
    );
  });
});
