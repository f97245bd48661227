import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { mustNx, mustRun, mustSucceed, nx } from './support/commands';
import { commitAll, gitStatus } from './support/git';
import { jestRunLog, type JestRunLog } from './support/jest-runs';
import { sharedRegistry, type RegistryAddress } from './support/local-registry';
import { packedPackages, repoRoot } from './support/packed-packages';
import { publishAsRelease } from './support/release-version';
import { copyTemplateWorkspace } from './support/template-workspace';
import { disposeWorkspace } from './support/user-workspace';

/** The weather desk: ForecastEngine hard → WeatherIngest, soft → AlertDispatcher; AlertDispatcher hard → ForecastEngine. */
const WEATHER = ['weather-ingest', 'forecast-engine', 'alert-dispatcher'];
const SCHEMAS = WEATHER.map((name) => `schemas/weather/${name}.yaml`);
const ECOSYSTEM = 'weather-desk';
/** A project of the team's that l9 has nothing to do with. */
const OTHER_PROJECT = 'billing';

interface WorkspaceManifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface GraphJson {
  graph: {
    nodes: Record<string, { data: { root: string } }>;
    dependencies: Record<string, Array<{ target: string }>>;
  };
}

const readJson = <T>(workspace: string, file: string): T =>
  JSON.parse(readFileSync(join(workspace, file), 'utf8')) as T;

/**
 * One workspace, made by create-nx-workspace from the run's registry (a local Verdaccio holding the packed
 * packages and proxying the rest), checked step by step as a user goes: l9 installed with `nx add`, an
 * ecosystem generated from schemas nothing like the example, verified with one Jest run per agent, a
 * schema-only commit caught by `nx sync:check` and `nx affected` and repaired by `nx sync`, a broken
 * agent.yaml reported without losing the rest of the graph, and `nx migrate` to the next release applying
 * l9's migration. The steps build on each other, so they share the workspace.
 */
describe('l9 from a registry, in a workspace made by create-nx-workspace', () => {
  const packs = packedPackages();
  let registry: RegistryAddress;
  let workspace: string;
  let scratch: string;
  let jestRuns: JestRunLog;

  /** The projects of the graph and, per project, the projects it depends on. */
  const graph = (): GraphJson['graph'] => {
    const file = join(scratch, 'graph.json');
    mustNx(workspace, ['graph', `--file=${file}`]);
    return (JSON.parse(readFileSync(file, 'utf8')) as GraphJson).graph;
  };

  beforeAll(() => {
    registry = sharedRegistry();
    scratch = mkdtempSync(join(tmpdir(), 'l9-e2e-scratch-'));
    jestRuns = jestRunLog(scratch);
    workspace = copyTemplateWorkspace();
    expect(readFileSync(join(workspace, '.npmrc'), 'utf8')).toBe(`registry=${registry.url}\n`);
    mkdirSync(join(workspace, 'libs', OTHER_PROJECT), { recursive: true });
    writeFileSync(
      join(workspace, 'libs', OTHER_PROJECT, 'project.json'),
      `${JSON.stringify({ name: OTHER_PROJECT, targets: {} }, null, 2)}\n`,
    );
    commitAll(workspace, 'the billing project');
  });
  afterAll(() => {
    disposeWorkspace(workspace);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('nx add l9 installs l9 and its runtime from the registry, at one version, and runs l9:init', () => {
    const version = readJson<{ version: string }>(repoRoot, 'packages/l9/package.json').version;
    mustNx(workspace, ['add', `l9@${version}`]);
    const manifest = readJson<WorkspaceManifest>(workspace, 'package.json');
    expect(manifest.devDependencies?.['l9']).toMatch(new RegExp(`^\\^?${version.replace(/\./g, '\\.')}$`));
    expect(manifest.dependencies?.['@l9/runtime']).toBe(version);
    expect(readJson<{ version: string }>(workspace, 'node_modules/@l9/runtime/package.json').version).toBe(
      version,
    );
    const nxJson = readJson<{ plugins: unknown[]; sync?: { globalGenerators?: string[] } }>(
      workspace,
      'nx.json',
    );
    expect(nxJson.plugins).toContainEqual({ plugin: 'l9/plugin', options: {} });
    expect(nxJson.sync?.globalGenerators).toEqual(['l9:sync']);
    commitAll(workspace, 'nx add l9');
  });

  it('generates an ecosystem whose soft edge points back along a hard chain, and nx run-many -t verify passes, running Jest once per agent', () => {
    for (const [index, name] of WEATHER.entries()) {
      mkdirSync(join(workspace, 'schemas', 'weather'), { recursive: true });
      copyFileSync(
        join(repoRoot, 'packages/l9/src/generators/testing/weather', `${name}.yaml`),
        join(workspace, SCHEMAS[index]!),
      );
    }
    mustNx(workspace, [
      'g',
      'l9:ecosystem',
      `--schema=${SCHEMAS.join(',')}`,
      `--name=${ECOSYSTEM}`,
      '--no-interactive',
    ]);
    expect(readFileSync(join(workspace, 'agents', ECOSYSTEM, 'ecosystem.yaml'), 'utf8')).toContain(
      `schemas:\n${[...SCHEMAS]
        .sort()
        .map((s) => `  - ${s}\n`)
        .join('')}`,
    );
    commitAll(workspace, 'the weather desk');
    jestRuns.take();
    const output = mustNx(workspace, ['run-many', '-t', 'verify', '--outputStyle=static'], jestRuns.env);
    expect(output).toContain(`Successfully ran target verify for ${WEATHER.length} projects`);
    expect(jestRuns.take().map((dir) => relative(workspace, dir))).toEqual(
      WEATHER.map((name) => `agents/${name}`).sort(),
    );
    // A second run answers verify and test from the cache: no Jest at all.
    const again = mustNx(workspace, ['run-many', '-t', 'verify', '--outputStyle=static'], jestRuns.env);
    const fromCache = /from the cache instead of running the command for (\d+) out of (\d+) tasks/.exec(
      again,
    );
    expect(fromCache).not.toBeNull();
    expect(fromCache![1]).toBe(fromCache![2]);
    expect(jestRuns.take()).toEqual([]);
    expect(mustNx(workspace, ['sync:check'])).toContain('up to date');
    expect(gitStatus(workspace)).toBe('');
  });

  it('after a schema-only commit nx sync:check fails naming the agent and the schema file and nx affected names the agents generated from it; nx sync brings it in line', () => {
    const schema = SCHEMAS[2]!;
    const text = readFileSync(join(workspace, schema), 'utf8');
    writeFileSync(
      join(workspace, schema),
      text.replace('Sends severe-weather alerts', 'Pages the duty officer about severe weather'),
    );
    commitAll(workspace, 'alerts page the duty officer');
    const check = nx(workspace, ['sync:check']);
    expect(check.status).not.toBe(0);
    expect(check.output).toContain('agents/alert-dispatcher');
    expect(check.output).toContain(schema);
    expect(check.output).not.toContain('agents/weather-ingest');
    // Affected: the projects whose project.json lists the schema as an l9 input, and every project that depends on one of them.
    const { nodes, dependencies } = graph();
    const generatedFrom = Object.entries(nodes)
      .filter(([, node]) =>
        (
          readJson<{ namedInputs?: Record<string, string[]> }>(
            workspace,
            join(node.data.root, 'project.json'),
          ).namedInputs?.['l9-schema'] ?? []
        ).includes(`{workspaceRoot}/${schema}`),
      )
      .map(([name]) => name);
    expect(generatedFrom).toContain('alert-dispatcher');
    const expected = new Set(generatedFrom);
    let grew = true;
    while (grew) {
      const dependents = Object.keys(nodes).filter(
        (name) => !expected.has(name) && (dependencies[name] ?? []).some((dep) => expected.has(dep.target)),
      );
      for (const name of dependents) expected.add(name);
      grew = dependents.length > 0;
    }
    expect(expected).toContain(ECOSYSTEM);
    const affected = JSON.parse(
      mustSucceed(
        'npx',
        ['nx', 'show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--json'],
        workspace,
      ).stdout,
    ) as string[];
    expect(affected.sort()).toEqual([...expected].sort());
    expect(affected).not.toContain(OTHER_PROJECT);
    mustNx(workspace, ['sync']);
    expect(readFileSync(join(workspace, 'agents/alert-dispatcher/agent.yaml'), 'utf8')).toContain(
      'Pages the duty officer',
    );
    expect(mustNx(workspace, ['sync:check'])).toContain('up to date');
    commitAll(workspace, 'nx sync');
  });

  it('a broken agent.yaml is one error naming that file, and every other project stays in the graph', () => {
    const before = Object.keys(graph().nodes);
    expect(before).toEqual(expect.arrayContaining([OTHER_PROJECT, ECOSYSTEM, ...WEATHER]));
    // A hand edit gone wrong in the one block the project graph reads: an unclosed flow sequence under depends_on.
    const broken = 'agents/forecast-engine/agent.yaml';
    const text = readFileSync(join(workspace, broken), 'utf8');
    expect(text).toContain('depends_on:\n  hard:\n    - WeatherIngest\n');
    writeFileSync(
      join(workspace, broken),
      text.replace('depends_on:\n  hard:\n    - WeatherIngest\n', 'depends_on:\n  hard: [WeatherIngest\n'),
    );
    try {
      const file = join(scratch, 'partial-graph.json');
      const drawn = nx(workspace, ['graph', `--file=${file}`]);
      expect(drawn.output).toContain(
        `${broken}:${text.split('\n').indexOf('depends_on:') + 1}: depends_on is not readable YAML`,
      );
      expect(drawn.output).toContain(
        'An error occured while processing the project graph. Showing partial graph.',
      );
      const after = Object.keys((JSON.parse(readFileSync(file, 'utf8')) as GraphJson).graph.nodes);
      expect(after).toEqual(expect.arrayContaining(before.filter((name) => name !== 'forecast-engine')));
      const listed = nx(workspace, ['show', 'projects', '--json']);
      expect({ status: listed.status, namesFile: listed.output.includes(broken) }).toEqual({
        status: 1,
        namesFile: true,
      });
      expect(listed.output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    } finally {
      mustRun('git', ['checkout', '--', broken], workspace);
    }
    expect(gitStatus(workspace)).toBe('');
  });

  it('nx migrate to the next release registers l9:sync in a workspace set up before l9 did', () => {
    const nxJson = readJson<Record<string, unknown>>(workspace, 'nx.json');
    delete nxJson['sync'];
    writeFileSync(join(workspace, 'nx.json'), `${JSON.stringify(nxJson, null, 2)}\n`);
    commitAll(workspace, 'nx.json as l9 0.1.0 left it');
    publishAsRelease(registry, packs.l9, '0.2.0');
    // The workspace's own Nx runs the migration: by default nx migrate fetches nx@latest first and checks its
    // npm provenance, which a proxying registry does not pass through.
    const migrate = (...args: string[]) =>
      mustRun('env', ['NX_MIGRATE_USE_LOCAL=true', 'npx', 'nx', 'migrate', ...args], workspace);
    migrate('l9@0.2.0');
    const migrations = readJson<{ migrations: Array<{ package: string; name: string }> }>(
      workspace,
      'migrations.json',
    );
    expect(migrations.migrations).toEqual([
      expect.objectContaining({ package: 'l9', name: 'register-sync-generator' }),
    ]);
    expect(readJson<WorkspaceManifest>(workspace, 'package.json').devDependencies?.['l9']).toMatch(
      /0\.2\.0$/,
    );
    mustRun('npm', ['install', '--no-audit', '--no-fund'], workspace);
    expect(readJson<{ version: string }>(workspace, 'node_modules/l9/package.json').version).toBe('0.2.0');
    migrate('--run-migrations');
    expect(
      readJson<{ sync?: { globalGenerators?: string[] } }>(workspace, 'nx.json').sync?.globalGenerators,
    ).toEqual(['l9:sync']);
  });
});
