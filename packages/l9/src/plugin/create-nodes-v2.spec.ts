import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { minimatch } from 'minimatch';
import { agentNamedInputs, agentTargets, ecosystemTargets } from './agent-targets';
import { createNodesV2 } from './create-nodes-v2';
import { pluginInputs } from './plugin-inputs';
import { targetNames } from './plugin-options';

describe('createNodesV2', () => {
  const [glob, createNodes] = createNodesV2;
  let workspaceRoot: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(workspaceRoot, file)), { recursive: true });
    writeFileSync(join(workspaceRoot, file), text);
  };
  const run = (files: string[], options = {}) => createNodes(files, options, { workspaceRoot, nxJsonConfiguration: {} });
  beforeEach(() => {
    workspaceRoot = mkdtempSync(join(tmpdir(), 'l9-nodes-'));
  });
  afterEach(() => rmSync(workspaceRoot, { recursive: true, force: true }));

  // Nx matches config files with minimatch and these options (its own dependency, and @nx/devkit's).
  it('is handed every agent.yaml and ecosystem.yaml, at any depth and at the root, as Nx matches it', () => {
    for (const file of ['agents/main-agent/agent.yaml', 'agents/x-ecosystem/ecosystem.yaml', 'agent.yaml', 'ecosystem.yaml', 'apps/.hidden/agent.yaml']) {
      expect(minimatch(file, glob, { dot: true })).toBe(true);
    }
  });

  it('makes an agent project of each agent.yaml and an ecosystem project of each ecosystem.yaml, and nothing of other YAML files', async () => {
    write('agents/main-agent/agent.yaml', 'id: main-agent\nname: MainAgent\n');
    write('agents/main-agent/project.json', '{"name":"main-agent"}');
    write('agents/x-ecosystem/ecosystem.yaml', 'name: X\n');
    const results = await run(['agents/main-agent/agent.yaml', 'agents/x-ecosystem/ecosystem.yaml', 'agents/x-ecosystem/deploy/kubernetes/main-agent.yaml', 'templates/examples/main-agent.yaml', 'agents/main-agent/my-agent.yaml']);
    const names = targetNames({});
    const plugin = pluginInputs(workspaceRoot);
    expect(results).toEqual([
      ['agents/main-agent/agent.yaml', { projects: { 'agents/main-agent': { namedInputs: agentNamedInputs(plugin), targets: agentTargets(names) } } }],
      ['agents/x-ecosystem/ecosystem.yaml', { projects: { 'agents/x-ecosystem': { projectType: 'application', tags: ['l9:ecosystem'], targets: ecosystemTargets(names, plugin) } } }],
    ]);
  });

  it('names a hand-made agent (no project.json) from the id in its agent.yaml', async () => {
    write('agents/hand/agent.yaml', 'id: hand-made\nname: HandMade\n');
    const [[, result]] = await run(['agents/hand/agent.yaml']);
    expect(result.projects?.['agents/hand']).toMatchObject({ name: 'hand-made', projectType: 'application', tags: ['l9:agent'] });
  });

  it('uses the target names of the plugin options', async () => {
    write('agents/a/agent.yaml', 'id: a\nname: A\n');
    write('agents/a/project.json', '{}');
    const [[, result]] = await run(['agents/a/agent.yaml'], { validateTargetName: 'l9-validate', verifyTargetName: 'l9-verify' });
    const targets = result.projects?.['agents/a']?.targets ?? {};
    expect(Object.keys(targets).sort()).toEqual(['evidence', 'l9-validate', 'l9-verify', 'serve', 'typecheck']);
    expect(targets['evidence']?.dependsOn).toEqual(['l9-validate', 'l9-verify']);
  });

  // Nx looks up the executor's schema for every target that leaves `continuous` out.
  it('says of every target whether it is continuous: serve and deploy are, nothing else is', () => {
    const names = targetNames({});
    const continuity = (targets: Record<string, { continuous?: boolean }>) => Object.fromEntries(Object.entries(targets).map(([name, t]) => [name, t.continuous]));
    expect(continuity(agentTargets(names))).toEqual({ validate: false, verify: false, evidence: false, typecheck: false, serve: true });
    expect(continuity(ecosystemTargets(names))).toEqual({ evidence: false, deploy: true, integration: false, 'verify-evidence': false });
  });
});
