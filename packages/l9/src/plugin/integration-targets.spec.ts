import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';
import {
  DEFAULT_INTEGRATION_PAIRS_UP_TO,
  integrationPairsUpTo,
  integrationRuntimeInputs,
  integrationTargets,
  type IntegrationTargetSettings,
} from './integration-targets';
import { targetNames } from './plugin-options';

const settings = (overrides: Partial<IntegrationTargetSettings> = {}): IntegrationTargetSettings => ({
  names: targetNames({}),
  plugin: ['{workspaceRoot}/packages/l9/src/**/*'],
  runtime: [{ externalDependencies: ['@l9/runtime'] }],
  pairsUpTo: 50,
  ...overrides,
});
const ids = (count: number) => Array.from({ length: count }, (_, i) => `agent${i}`);
const members = (list: string[]) => ({ ids: list, agentsDir: 'agents' });
/** The agents whose bundles a pair keys its cache on, from its dependentTasksOutputFiles inputs. */
const bundlesOf = (target: TargetConfiguration) =>
  (target.inputs ?? []).flatMap((input) =>
    typeof input === 'object' && 'dependentTasksOutputFiles' in input
      ? [input.dependentTasksOutputFiles.split('/')[1]]
      : [],
  );

describe('integration targets split into pairs', () => {
  const targets = integrationTargets(members(['a', 'b', 'c', 'd']), settings());

  it('makes one target per unordered pair, in plan order, and the aggregate integration target', () => {
    expect(Object.keys(targets)).toEqual([
      'integration--a--b',
      'integration--a--c',
      'integration--a--d',
      'integration--b--c',
      'integration--b--d',
      'integration--c--d',
      'integration',
    ]);
  });

  it("has a pair wait for every member's bundle, so the pairs are one batch, and key its cache on exactly what its result depends on", () => {
    expect(targets['integration--b--d']).toEqual({
      executor: 'l9:integration-pair',
      continuous: false,
      cache: true,
      options: { agents: ['b', 'd'] },
      dependsOn: ['^bundle'],
      inputs: [
        '{projectRoot}/plan.lock.json',
        { dependentTasksOutputFiles: 'agents/b/.l9/bundle/**/*' },
        { dependentTasksOutputFiles: 'agents/d/.l9/bundle/**/*' },
        { env: 'L9_REDIS_URL' },
        { env: 'L9_POSTGRES_URL' },
        { env: 'L9_AGENT_HOST' },
        { externalDependencies: ['@l9/runtime'] },
        '{workspaceRoot}/packages/l9/src/**/*',
      ],
      outputs: ['{projectRoot}/.l9/integration/pairs/b--d.json'],
      metadata: expect.objectContaining({ technologies: ['l9'] }),
    });
    // Nothing of the ecosystem's members is an input besides the two bundles: no `^` inputs, no project files.
    expect(JSON.stringify(targets['integration--b--d']!.inputs)).not.toMatch(/\^|\{projectRoot\}\/\*\*/);
  });

  it('names the bundles of an ecosystem at the workspace root without a leading ./, as Nx lists output files', () => {
    const atRoot = integrationTargets({ ids: ['a', 'b'], agentsDir: '.' }, settings());
    expect(atRoot['integration--a--b']!.inputs).toContainEqual({
      dependentTasksOutputFiles: 'a/.l9/bundle/**/*',
    });
  });

  it('builds the pairs with the bundle target as nx.json names it', () => {
    const renamed = integrationTargets(
      members(['a', 'b']),
      settings({ names: targetNames({ bundleTargetName: 'build-agent' }) }),
    );
    expect(renamed['integration--a--b']!.dependsOn).toEqual(['^build-agent']);
  });

  it('merges every pair in the aggregate, cached on their result files, into the files the single task writes', () => {
    expect(targets['integration']).toMatchObject({
      executor: 'l9:integration-merge',
      cache: true,
      dependsOn: Object.keys(targets).filter((name) => name !== 'integration'),
      inputs: [
        '{projectRoot}/plan.lock.json',
        { dependentTasksOutputFiles: '**/.l9/integration/pairs/*.json' },
        '{workspaceRoot}/packages/l9/src/**/*',
      ],
      outputs: [
        '{projectRoot}/.l9/integration.json',
        '{projectRoot}/.l9/integration-embedded.json',
        '{projectRoot}/.l9/integration-redis-postgres.json',
      ],
    });
  });

  it('has a change to one agent of N touch exactly the N−1 pairs that involve it', () => {
    const twenty = integrationTargets(members(ids(20)), settings());
    const pairs = Object.values(twenty).filter((t) => t.executor === 'l9:integration-pair');
    expect(pairs).toHaveLength(190);
    expect(pairs.map(bundlesOf).filter((bundles) => bundles.length !== 2)).toEqual([]);
    expect(pairs.filter((t) => bundlesOf(t).includes('agent7'))).toHaveLength(19);
  });
});

describe('the bound on pair targets', () => {
  it('splits up to 30 agents by default, and keeps one task when the option is 0, saying how to split it', () => {
    expect(DEFAULT_INTEGRATION_PAIRS_UP_TO).toBe(30);
    const byDefault = settings({ pairsUpTo: DEFAULT_INTEGRATION_PAIRS_UP_TO });
    expect(Object.keys(integrationTargets(members(ids(30)), byDefault))).toHaveLength(436);
    expect(Object.keys(integrationTargets(members(ids(31)), byDefault))).toEqual(['integration']);
    const off = integrationTargets(members(ids(5)), settings({ pairsUpTo: 0 }));
    expect(Object.keys(off)).toEqual(['integration']);
    expect(off['integration']!.metadata!['description']).toContain(
      "One task: the l9 plugin's integrationPairsUpTo option is 0 in nx.json; a number of agents there splits the matrix into cacheable pair tasks",
    );
  });

  it('splits up to integrationPairsUpTo agents and keeps one task beyond, saying why', () => {
    expect(Object.keys(integrationTargets(members(ids(50)), settings()))).toHaveLength(1226);
    const large = integrationTargets(members(ids(51)), settings());
    expect(Object.keys(large)).toEqual(['integration']);
    expect(large['integration']).toMatchObject({
      executor: 'l9:integration',
      cache: false,
      dependsOn: ['^bundle'],
    });
    expect(large['integration']!.metadata!['description']).toContain(
      'One task: 51 agents would make 1275 pair targets; the matrix is split into pair tasks up to 50 agents',
    );
    expect(Object.keys(integrationTargets(members(ids(4)), settings({ pairsUpTo: 3 })))).toEqual([
      'integration',
    ]);
    expect(Object.keys(integrationTargets(members(ids(2)), settings({ pairsUpTo: 0 })))).toEqual([
      'integration',
    ]);
  });

  it('keeps one task when the plan could not be read, with the reason in its metadata', () => {
    const unknown = integrationTargets({ unknown: 'agents/x/plan.lock.json does not exist.' }, settings());
    expect(Object.keys(unknown)).toEqual(['integration']);
    expect(unknown['integration']!.metadata!['description']).toContain(
      'One task: agents/x/plan.lock.json does not exist.',
    );
  });

  it('reads the option as a whole number of agents and names a wrong one', () => {
    expect(integrationPairsUpTo(undefined)).toBe(30);
    expect(integrationPairsUpTo(50)).toBe(50);
    expect(integrationPairsUpTo(0)).toBe(0);
    for (const wrong of [-1, 2.5, '20', null])
      expect(() => integrationPairsUpTo(wrong)).toThrow(
        `nx.json: the l9 plugin's integrationPairsUpTo must be a whole number of agents (0 or more), got ${JSON.stringify(wrong)}`,
      );
  });
});

describe('what a pair keys on from the runtime', () => {
  let workspace: string;
  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'l9-runtime-inputs-'));
  });
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  it('is nothing more than the bundles when the runtime is a package of the workspace, compiled into them', () => {
    expect(integrationRuntimeInputs(join(__dirname, '..', '..', '..', '..'))).toEqual([]);
  });

  it("is the installed version otherwise: Nx's external dependency when package.json lists it, else read at hashing time", () => {
    writeFileSync(
      join(workspace, 'package.json'),
      JSON.stringify({ dependencies: { '@l9/runtime': '0.1.0' } }),
    );
    expect(integrationRuntimeInputs(workspace)).toEqual([{ externalDependencies: ['@l9/runtime'] }]);
    const other = join(workspace, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'other' }));
    expect(integrationRuntimeInputs(other)).toEqual([
      { runtime: expect.stringContaining("require('@l9/runtime/package.json').version") },
    ]);
  });
});
