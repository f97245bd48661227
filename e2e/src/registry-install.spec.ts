import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustNx, mustRun, nx } from './support/commands';
import { commitAll, gitStatus } from './support/git';
import { startLocalRegistry, publish, type LocalRegistry } from './support/local-registry';
import { packedPackages, repoRoot } from './support/packed-packages';
import { publishAsRelease } from './support/release-version';
import { createUserWorkspace, disposeWorkspace } from './support/user-workspace';

/** The weather desk: ForecastEngine hard → WeatherIngest, soft → AlertDispatcher; AlertDispatcher hard → ForecastEngine. */
const WEATHER = ['weather-ingest', 'forecast-engine', 'alert-dispatcher'];
const SCHEMAS = WEATHER.map((name) => `schemas/weather/${name}.yaml`);
const ECOSYSTEM = 'weather-desk';

interface WorkspaceManifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readJson = <T>(workspace: string, file: string): T => JSON.parse(readFileSync(join(workspace, file), 'utf8')) as T;

/**
 * One workspace, checked step by step as a user goes: l9 installed with `nx add` from a registry (a local
 * Verdaccio holding the packed packages), an ecosystem generated from schemas nothing like the example,
 * verified, a schema-only commit caught by `nx sync:check` and repaired by `nx sync`, and `nx migrate` to the
 * next release applying l9's migration. The steps build on each other, so they share the workspace.
 */
describe('l9 from a registry, in a fresh Nx workspace', () => {
  const packs = packedPackages();
  let registry: LocalRegistry;
  let workspace: string;

  beforeAll(async () => {
    registry = await startLocalRegistry();
    publish(registry, packs.l9);
    publish(registry, packs.runtime);
    workspace = createUserWorkspace();
    copyFileSync(registry.npmrc, join(workspace, '.npmrc'));
    commitAll(workspace, 'install from the team registry');
  });
  afterAll(async () => {
    disposeWorkspace(workspace);
    await registry?.stop();
  });

  it('nx add l9 installs l9 and its runtime from the registry, at one version, and runs l9:init', () => {
    const version = readJson<{ version: string }>(repoRoot, 'packages/l9/package.json').version;
    mustNx(workspace, ['add', `l9@${version}`]);
    const manifest = readJson<WorkspaceManifest>(workspace, 'package.json');
    expect(manifest.devDependencies?.['l9']).toMatch(new RegExp(`^\\^?${version.replace(/\./g, '\\.')}$`));
    expect(manifest.dependencies?.['@l9/runtime']).toBe(version);
    expect(readJson<{ version: string }>(workspace, 'node_modules/@l9/runtime/package.json').version).toBe(version);
    const nxJson = readJson<{ plugins: unknown[]; sync?: { globalGenerators?: string[] } }>(workspace, 'nx.json');
    expect(nxJson.plugins).toContainEqual({ plugin: 'l9/plugin', options: {} });
    expect(nxJson.sync?.globalGenerators).toEqual(['l9:sync']);
    commitAll(workspace, 'nx add l9');
  });

  it('generates an ecosystem whose soft edge points back along a hard chain, and nx run-many -t verify passes', () => {
    for (const [index, name] of WEATHER.entries()) {
      mkdirSync(join(workspace, 'schemas', 'weather'), { recursive: true });
      copyFileSync(join(repoRoot, 'packages/l9/src/generators/testing/weather', `${name}.yaml`), join(workspace, SCHEMAS[index]!));
    }
    mustNx(workspace, ['g', 'l9:ecosystem', `--schema=${SCHEMAS.join(',')}`, `--name=${ECOSYSTEM}`, '--no-interactive']);
    expect(readFileSync(join(workspace, 'agents', ECOSYSTEM, 'ecosystem.yaml'), 'utf8')).toContain(`schemas:\n${[...SCHEMAS].sort().map((s) => `  - ${s}\n`).join('')}`);
    commitAll(workspace, 'the weather desk');
    const output = mustNx(workspace, ['run-many', '-t', 'verify', '--outputStyle=static']);
    expect(output).toContain(`Successfully ran target verify for ${WEATHER.length} projects`);
    expect(mustNx(workspace, ['sync:check'])).toContain('up to date');
    expect(gitStatus(workspace)).toBe('');
  });

  it('after a schema-only commit nx sync:check fails naming the agent and the schema file; nx sync brings it in line', () => {
    const schema = SCHEMAS[2]!;
    const text = readFileSync(join(workspace, schema), 'utf8');
    writeFileSync(join(workspace, schema), text.replace('Sends severe-weather alerts', 'Pages the duty officer about severe weather'));
    commitAll(workspace, 'alerts page the duty officer');
    const check = nx(workspace, ['sync:check']);
    expect(check.status).not.toBe(0);
    expect(check.output).toContain('agents/alert-dispatcher');
    expect(check.output).toContain(schema);
    expect(check.output).not.toContain('agents/weather-ingest');
    mustNx(workspace, ['sync']);
    expect(readFileSync(join(workspace, 'agents/alert-dispatcher/agent.yaml'), 'utf8')).toContain('Pages the duty officer');
    expect(mustNx(workspace, ['sync:check'])).toContain('up to date');
    commitAll(workspace, 'nx sync');
  });

  it('nx migrate to the next release registers l9:sync in a workspace set up before l9 did', () => {
    const nxJson = readJson<Record<string, unknown>>(workspace, 'nx.json');
    delete nxJson['sync'];
    writeFileSync(join(workspace, 'nx.json'), `${JSON.stringify(nxJson, null, 2)}\n`);
    commitAll(workspace, 'nx.json as l9 0.1.0 left it');
    publishAsRelease(registry, packs.l9, '0.2.0');
    // The workspace's own Nx runs the migration: by default nx migrate fetches nx@latest first and checks its
    // npm provenance, which a proxying registry does not pass through.
    const migrate = (...args: string[]) => mustRun('env', ['NX_MIGRATE_USE_LOCAL=true', 'npx', 'nx', 'migrate', ...args], workspace);
    migrate('l9@0.2.0');
    const migrations = readJson<{ migrations: Array<{ package: string; name: string }> }>(workspace, 'migrations.json');
    expect(migrations.migrations).toEqual([expect.objectContaining({ package: 'l9', name: 'register-sync-generator' })]);
    expect(readJson<WorkspaceManifest>(workspace, 'package.json').devDependencies?.['l9']).toMatch(/0\.2\.0$/);
    mustRun('npm', ['install', '--no-audit', '--no-fund'], workspace);
    expect(readJson<{ version: string }>(workspace, 'node_modules/l9/package.json').version).toBe('0.2.0');
    migrate('--run-migrations');
    expect(readJson<{ sync?: { globalGenerators?: string[] } }>(workspace, 'nx.json').sync?.globalGenerators).toEqual(['l9:sync']);
  });
});
