import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ecosystemGenerator } from '../../generators/ecosystem/generator';
import { WEATHER_SCHEMAS, writeWeatherSchemas } from '../../generators/testing/weather-schemas';
import { loadAgentProject } from '../shared/agent-project';
import { contextFor } from '../testing/scratch-workspace';
import { OverlayTree } from './overlay-tree';
import { schemaDrift } from './schema-drift';

const AGENTS = ['weather-ingest', 'forecast-engine', 'alert-dispatcher'];

describe('the schema-in-sync check of validate', () => {
  let root: string;
  const drift = (id: string) => schemaDrift(loadAgentProject(contextFor(root, AGENTS, id)));
  const edit = (path: string, from: string, to: string) => {
    const text = readFileSync(join(root, path), 'utf8');
    expect(text).toContain(from);
    writeFileSync(join(root, path), text.replace(from, to));
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'l9-drift-'));
    const tree = new OverlayTree(root);
    writeWeatherSchemas(tree);
    await ecosystemGenerator(tree, { schema: WEATHER_SCHEMAS, name: 'weather-desk' });
    for (const change of tree.listChanges()) {
      mkdirSync(dirname(join(root, change.path)), { recursive: true });
      writeFileSync(join(root, change.path), change.content!);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('passes for every agent right after generation, and writes nothing', () => {
    const before = readFileSync(join(root, 'agents/forecast-engine/agent.yaml'), 'utf8');
    for (const id of AGENTS) expect(drift(id)).toMatchObject({ id: 'schema-in-sync', passed: true });
    expect(readFileSync(join(root, 'agents/forecast-engine/agent.yaml'), 'utf8')).toBe(before);
  });

  it('after a schema-only edit, fails exactly the agents it changes, at the line of the schema that changed', () => {
    edit(
      'schemas/weather/forecast-engine.yaml',
      'role: Turns observations into a six-hour forecast.',
      'role: Turns observations into a twelve-hour forecast.',
    );
    const roleLine =
      readFileSync(join(root, 'schemas/weather/forecast-engine.yaml'), 'utf8')
        .split('\n')
        .findIndex((l) => l.startsWith('role:')) + 1;
    const failed = drift('forecast-engine');
    expect(failed.passed).toBe(false);
    expect(failed.evidence).toEqual([
      {
        file: 'schemas/weather/forecast-engine.yaml',
        line: roleLine,
        detail: expect.stringMatching(
          /^ForecastEngine\.role changed in the schema: agents\/forecast-engine differs from what .* generate \(.*agent\.yaml.*\); run nx sync/,
        ),
      },
    ]);
    expect(drift('weather-ingest').passed).toBe(true);
    expect(readFileSync(join(root, 'agents/forecast-engine/agent.yaml'), 'utf8')).toContain('six-hour');
  });

  it('names a schema error at its file and line instead of regenerating', () => {
    edit('schemas/weather/alert-dispatcher.yaml', 'name: AlertDispatcher', 'name: [AlertDispatcher');
    const failed = drift('alert-dispatcher');
    expect(failed.passed).toBe(false);
    expect(failed.evidence[0]).toMatchObject({
      file: 'schemas/weather/alert-dispatcher.yaml',
      line: expect.any(Number),
    });
  });
});
