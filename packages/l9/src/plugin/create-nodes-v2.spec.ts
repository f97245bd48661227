import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { minimatch } from 'minimatch';
import { agentNamedInputs, agentTargets, ecosystemTargets } from './agent-targets';
import { createNodesV2 } from './create-nodes-v2';
import { integrationRuntimeInputs, integrationTargets } from './integration-targets';
import { bundledWorkspaceInputs, pluginInputs } from './plugin-inputs';
import { targetNames } from './plugin-options';

describe('createNodesV2', () => {
  const [glob, createNodes] = createNodesV2;
  let workspaceRoot: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(workspaceRoot, file)), { recursive: true });
    writeFileSync(join(workspaceRoot, file), text);
  };
  const run = (files: string[], options = {}) =>
    createNodes(files, options, { workspaceRoot, nxJsonConfiguration: {} });
  beforeEach(() => {
    workspaceRoot = mkdtempSync(join(tmpdir(), 'l9-nodes-'));
  });
  afterEach(() => rmSync(workspaceRoot, { recursive: true, force: true }));

  // Nx matches config files with minimatch and these options (its own dependency, and @nx/devkit's).
  it('is handed every agent.yaml and ecosystem.yaml, at any depth and at the root, as Nx matches it', () => {
    for (const file of [
      'agents/main-agent/agent.yaml',
      'agents/x-ecosystem/ecosystem.yaml',
      'agent.yaml',
      'ecosystem.yaml',
      'apps/.hidden/agent.yaml',
    ]) {
      expect(minimatch(file, glob, { dot: true })).toBe(true);
    }
  });

  it('makes an agent project of each agent.yaml and an ecosystem project of each ecosystem.yaml, and nothing of other YAML files', async () => {
    write('agents/main-agent/agent.yaml', 'id: main-agent\nname: MainAgent\n');
    write('agents/main-agent/project.json', '{"name":"main-agent"}');
    write('agents/x-ecosystem/ecosystem.yaml', 'name: X\n');
    const results = await run([
      'agents/main-agent/agent.yaml',
      'agents/x-ecosystem/ecosystem.yaml',
      'agents/x-ecosystem/deploy/kubernetes/main-agent.yaml',
      'templates/examples/main-agent.yaml',
      'agents/main-agent/my-agent.yaml',
    ]);
    const names = targetNames({});
    const plugin = pluginInputs(workspaceRoot);
    expect(results).toEqual([
      [
        'agents/main-agent/agent.yaml',
        {
          projects: {
            'agents/main-agent': {
              namedInputs: agentNamedInputs(plugin),
              targets: agentTargets(names, {
                plugin,
                workspacePackages: bundledWorkspaceInputs(workspaceRoot),
              }),
            },
          },
        },
      ],
      [
        'agents/x-ecosystem/ecosystem.yaml',
        {
          projects: {
            'agents/x-ecosystem': {
              projectType: 'application',
              tags: ['l9:ecosystem'],
              targets: ecosystemTargets(
                names,
                plugin,
                integrationTargets(
                  { unknown: 'agents/x-ecosystem/plan.lock.json does not exist.' },
                  { names, plugin, runtime: integrationRuntimeInputs(workspaceRoot), pairsUpTo: 50 },
                ),
              ),
            },
          },
        },
      ],
    ]);
  });

  it('splits the matrix into pair targets from the locked plan by default, grouped under the aggregate, and keeps it one task when asked or beyond the bound', async () => {
    const plan = {
      agents: [
        { id: 'b-agent', name: 'B' },
        { id: 'a-agent', name: 'A' },
        { id: 'c-agent', name: 'C' },
      ],
      edges: [],
      order: ['A', 'B', 'C'],
      todo: [],
    };
    write('agents/x-ecosystem/ecosystem.yaml', 'name: X\n');
    write('agents/x-ecosystem/plan.lock.json', `${JSON.stringify(plan, null, 2)}\n`);
    const [[, single]] = await run(['agents/x-ecosystem/ecosystem.yaml'], { integrationPairsUpTo: 0 });
    expect(
      Object.keys(single.projects?.['agents/x-ecosystem']?.targets ?? {}).filter((name) =>
        name.startsWith('integration'),
      ),
    ).toEqual(['integration']);
    const [[, result]] = await run(['agents/x-ecosystem/ecosystem.yaml']);
    const project = result.projects?.['agents/x-ecosystem'];
    const matrix = [
      'integration--a-agent--b-agent',
      'integration--a-agent--c-agent',
      'integration--b-agent--c-agent',
      'integration',
    ];
    expect(Object.keys(project?.targets ?? {}).filter((name) => name.startsWith('integration'))).toEqual(
      matrix,
    );
    expect(project?.metadata).toEqual({ targetGroups: { 'integration matrix': matrix } });
    const [[, bounded]] = await run(['agents/x-ecosystem/ecosystem.yaml'], { integrationPairsUpTo: 2 });
    expect(
      Object.keys(bounded.projects?.['agents/x-ecosystem']?.targets ?? {}).filter((name) =>
        name.startsWith('integration'),
      ),
    ).toEqual(['integration']);
    expect(bounded.projects?.['agents/x-ecosystem']?.metadata).toBeUndefined();
  });

  it('refuses an integrationPairsUpTo that is not a whole number of agents, naming the option', async () => {
    await expect(
      Promise.resolve().then(() =>
        run(['agents/x-ecosystem/ecosystem.yaml'], { integrationPairsUpTo: 'many' }),
      ),
    ).rejects.toThrow('integrationPairsUpTo must be a whole number of agents');
  });

  it('names a hand-made agent (no project.json) from the id in its agent.yaml', async () => {
    write('agents/hand/agent.yaml', 'id: hand-made\nname: HandMade\n');
    const [[, result]] = await run(['agents/hand/agent.yaml']);
    expect(result.projects?.['agents/hand']).toMatchObject({
      name: 'hand-made',
      projectType: 'application',
      tags: ['l9:agent'],
    });
  });

  it('uses the target names of the plugin options', async () => {
    write('agents/a/agent.yaml', 'id: a\nname: A\n');
    write('agents/a/project.json', '{}');
    const [[, result]] = await run(['agents/a/agent.yaml'], {
      validateTargetName: 'l9-validate',
      verifyTargetName: 'l9-verify',
    });
    const targets = result.projects?.['agents/a']?.targets ?? {};
    expect(Object.keys(targets).sort()).toEqual([
      'bundle',
      'evidence',
      'l9-validate',
      'l9-verify',
      'serve',
      'typecheck',
    ]);
    // Evidence runs the checks of validate and verify itself (see executors/evidence), so it depends on neither.
    expect(targets['evidence']?.dependsOn).toBeUndefined();
  });

  // Nx looks up the executor's schema for every target that leaves `continuous` out.
  it('says of every target whether it is continuous: serve is, nothing else is', () => {
    const names = targetNames({});
    const continuity = (targets: Record<string, { continuous?: boolean }>) =>
      Object.fromEntries(Object.entries(targets).map(([name, t]) => [name, t.continuous]));
    expect(continuity(agentTargets(names))).toEqual({
      validate: false,
      verify: false,
      evidence: false,
      typecheck: false,
      bundle: false,
      serve: true,
    });
    expect(continuity(ecosystemTargets(names))).toEqual({
      evidence: false,
      bundle: false,
      deploy: false,
      'deploy:status': false,
      'deploy:stop': false,
      integration: false,
      'verify-evidence': false,
    });
  });

  it('reports each unreadable agent.yaml with its file through Nx, and keeps the projects of every other file', async () => {
    write('agents/good/agent.yaml', 'id: good\nname: Good\n');
    write('agents/broken/agent.yaml', 'id: broken\nname: [Broken\n');
    write('agents/nameless/agent.yaml', 'role: r\n');
    const error = await Promise.resolve()
      .then(() => run(['agents/good/agent.yaml', 'agents/broken/agent.yaml', 'agents/nameless/agent.yaml']))
      .then(
        () => null,
        (e: unknown) =>
          e as { name: string; errors: Array<[string, Error]>; partialResults: Array<[string, unknown]> },
      );
    expect(error?.name).toBe('AggregateCreateNodesError');
    expect(error!.errors.map(([file, e]) => [file, e.message.split(' (')[0]!.split(';')[0]])).toEqual([
      ['agents/broken/agent.yaml', 'agents/broken/agent.yaml: not readable YAML'],
      ['agents/nameless/agent.yaml', 'agents/nameless/agent.yaml: not a normalized agent'],
    ]);
    expect(error!.partialResults.map(([file]) => file)).toEqual(['agents/good/agent.yaml']);
  });

  it('reports an unreadable dependency block of a generated agent (one with project.json) at its line, keeping the other projects', async () => {
    write('agents/good/agent.yaml', 'id: good\nname: Good\n');
    write('agents/good/project.json', '{"name":"good"}');
    write('agents/broken/agent.yaml', 'id: broken\nname: Broken\ndepends_on:\n  hard: [Good\n');
    write('agents/broken/project.json', '{"name":"broken"}');
    const error = await Promise.resolve()
      .then(() => run(['agents/good/agent.yaml', 'agents/broken/agent.yaml']))
      .then(
        () => null,
        (e: unknown) =>
          e as { name: string; errors: Array<[string, Error]>; partialResults: Array<[string, unknown]> },
      );
    expect(error?.name).toBe('AggregateCreateNodesError');
    expect(error!.errors.map(([file, e]) => [file, e.message.split(' (')[0]])).toEqual([
      ['agents/broken/agent.yaml', 'agents/broken/agent.yaml:3: depends_on is not readable YAML'],
    ]);
    expect(error!.partialResults.map(([file]) => file)).toEqual(['agents/good/agent.yaml']);
  });

  it('makes the schema files in project.json inputs of every l9 target, with an empty default for a hand-made agent', () => {
    const names = targetNames({});
    const named = agentNamedInputs([]);
    expect(named['l9-schema']).toEqual([]);
    expect(named['l9-agent']).toContain('l9-schema');
    const targets = agentTargets(names);
    for (const target of ['validate', 'verify', 'evidence', 'typecheck'])
      expect(targets[target]!.inputs).toContain('l9-agent');
  });

  it('has verify run the test target through Nx and read its results, depending on no task (a failed one would skip verify)', () => {
    const targets = agentTargets(targetNames({ testTargetName: 'jest' }));
    expect(targets['verify']!.dependsOn).toBeUndefined();
    expect(targets['verify']).toMatchObject({ options: { testTarget: 'jest' }, parallelism: false });
    expect(targets['verify']!.outputs).toEqual(['{projectRoot}/.l9/verify.json']);
    expect(targets['verify']!.inputs).toEqual(['l9-agent', '^default']);
  });

  it('builds a cached bundle from the agent sources, which serve:production starts', () => {
    const targets = agentTargets(targetNames({}), {
      plugin: ['{workspaceRoot}/packages/l9/src/**/*'],
      workspacePackages: ['{workspaceRoot}/packages/runtime/src/**/*'],
    });
    expect(targets['bundle']).toMatchObject({
      executor: 'l9:bundle',
      cache: true,
      outputs: ['{projectRoot}/.l9/bundle'],
    });
    expect(targets['bundle']!.inputs).toEqual([
      '{projectRoot}/src/**/*',
      '!{projectRoot}/src/**/*.spec.ts',
      '{workspaceRoot}/packages/runtime/src/**/*',
      '{workspaceRoot}/packages/l9/src/**/*',
    ]);
    expect(targets['serve']!.dependsOn).toEqual(['bundle']);
    expect(targets['serve']!.configurations).toEqual({
      production: {
        command:
          'node --enable-source-maps --max-semi-space-size=2 --max-old-space-size=384 .l9/bundle/main.js',
      },
    });
  });

  it("has deploy and integration start the member agents' cached bundles, built first through the ecosystem's dependency on each member", () => {
    const dependsOn = (targets: ReturnType<typeof ecosystemTargets>) =>
      Object.fromEntries(Object.entries(targets).map(([name, target]) => [name, target.dependsOn ?? []]));
    expect(dependsOn(ecosystemTargets(targetNames({})))).toEqual({
      // It runs the members' tests and the matrix through Nx itself, so a failure is reported, not skipped.
      evidence: [],
      // The host bundle is made from the members' bundle records.
      bundle: ['^bundle'],
      deploy: ['^bundle', 'bundle'],
      // Acting on a running deployment builds nothing.
      'deploy:status': [],
      'deploy:stop': [],
      integration: ['^bundle'],
      'verify-evidence': [],
    });
    const renamed = ecosystemTargets(targetNames({ bundleTargetName: 'build-agent' }));
    expect([renamed['deploy']!.dependsOn, renamed['integration']!.dependsOn]).toEqual([
      ['^build-agent', 'build-agent'],
      ['^build-agent'],
    ]);
    expect(renamed['build-agent']).toMatchObject({
      executor: 'l9:bundle',
      cache: true,
      outputs: ['{projectRoot}/.l9/bundle'],
    });
    expect(renamed['build-agent']!.inputs).toEqual([
      '{projectRoot}/plan.lock.json',
      { dependentTasksOutputFiles: '**/.l9/bundle/sources.json' },
    ]);
    // `^bundle` reaches the projects the ecosystem depends on: the generator lists every member of the plan.
    const example = join(__dirname, '..', '..', '..', '..', 'agents', 'tensoraios-ecosystem');
    const plan = JSON.parse(readFileSync(join(example, 'plan.lock.json'), 'utf8')) as {
      agents: Array<{ id: string }>;
    };
    const project = JSON.parse(readFileSync(join(example, 'project.json'), 'utf8')) as {
      implicitDependencies: string[];
    };
    expect(project.implicitDependencies.sort()).toEqual(plan.agents.map((a) => a.id).sort());
  });
});
