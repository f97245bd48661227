import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CreateDependenciesContext, FileData, ProjectConfiguration } from '@nx/devkit';
import { createDependencies } from './create-dependencies';

describe('createDependencies', () => {
  let workspaceRoot: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(workspaceRoot, file)), { recursive: true });
    writeFileSync(join(workspaceRoot, file), text);
  };
  const agent = (root: string): ProjectConfiguration => ({ root, tags: ['l9:agent'] });
  const context = (projects: Record<string, ProjectConfiguration>, toProcess: Record<string, string[]>): CreateDependenciesContext => {
    const projectFileMap: Record<string, FileData[]> = {};
    for (const [project, files] of Object.entries(toProcess)) projectFileMap[project] = files.map((file) => ({ file, hash: file }));
    const fileMap = { projectFileMap, nonProjectFiles: [] };
    return { workspaceRoot, projects, nxJsonConfiguration: {}, externalNodes: {}, fileMap, filesToProcess: fileMap };
  };
  beforeEach(() => {
    workspaceRoot = mkdtempSync(join(tmpdir(), 'l9-deps-'));
  });
  afterEach(() => rmSync(workspaceRoot, { recursive: true, force: true }));

  it('makes a static edge with the agent.yaml as source file for each hard and soft dependency on an agent project', async () => {
    write('agents/plastos-adapter/agent.yaml', 'id: plastos-adapter\nname: PlastOSAdapter\ndepends_on:\n  hard:\n    - MainAgent\n    - TensorAIOS\n  soft:\n    - TensorAIOS\n');
    const projects = { 'plastos-adapter': agent('agents/plastos-adapter'), 'main-agent': agent('agents/main-agent'), tensoraios: agent('agents/tensoraios') };
    const edges = await createDependencies({}, context(projects, { 'plastos-adapter': ['agents/plastos-adapter/src/main.ts', 'agents/plastos-adapter/agent.yaml'] }));
    const edge = (target: string) => ({ source: 'plastos-adapter', target, sourceFile: 'agents/plastos-adapter/agent.yaml', type: 'static' });
    expect(edges).toEqual([edge('main-agent'), edge('tensoraios'), edge('tensoraios')]);
  });

  it('leaves out names that are no agent project, the agent itself, and projects whose agent.yaml Nx did not hand over', async () => {
    write('agents/a/agent.yaml', 'id: a\nname: A\ndepends_on:\n  hard: [A, Runtime, Missing, B]\n  soft: []\n');
    write('agents/b/agent.yaml', 'id: b\nname: B\ndepends_on:\n  hard: [A]\n  soft: []\n');
    const projects = { a: agent('agents/a'), b: agent('agents/b'), runtime: { root: 'packages/runtime', tags: [] } };
    const edges = await createDependencies({}, context(projects, { a: ['agents/a/agent.yaml'], b: ['agents/b/src/main.ts'] }));
    expect(edges).toEqual([{ source: 'a', target: 'b', sourceFile: 'agents/a/agent.yaml', type: 'static' }]);
  });
});
