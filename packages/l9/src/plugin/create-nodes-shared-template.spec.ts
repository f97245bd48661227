import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentNamedInputs, agentTargets } from './agent-targets';
import { createNodesV2 } from './create-nodes-v2';
import { bundledWorkspaceInputs, pluginInputs } from './plugin-inputs';
import { targetNames } from './plugin-options';

/** Every value inside `value`, `value` included. */
function* everyObject(value: unknown): Generator<object> {
  if (value === null || typeof value !== 'object') return;
  yield value;
  for (const inner of Object.values(value)) yield* everyObject(inner);
}

describe('createNodesV2: one configuration for every agent of a call', () => {
  const [, createNodes] = createNodesV2;
  let workspaceRoot: string;
  beforeEach(() => {
    workspaceRoot = mkdtempSync(join(tmpdir(), 'l9-template-'));
    for (const id of ['first', 'second', 'hand']) {
      mkdirSync(join(workspaceRoot, 'agents', id), { recursive: true });
      writeFileSync(join(workspaceRoot, 'agents', id, 'agent.yaml'), `id: ${id}\nname: ${id}\n`);
      if (id !== 'hand') writeFileSync(join(workspaceRoot, 'agents', id, 'project.json'), '{}');
    }
  });
  afterEach(() => rmSync(workspaceRoot, { recursive: true, force: true }));

  const run = async (options = {}) => {
    const results = await createNodes(
      ['agents/first/agent.yaml', 'agents/second/agent.yaml', 'agents/hand/agent.yaml'],
      options,
      { workspaceRoot, nxJsonConfiguration: {} },
    );
    return results.map(([file, result]) => result.projects?.[file.replace(/\/agent\.yaml$/, '')]);
  };

  it('gives every agent project, generated or hand-made, the same targets and named inputs, frozen all the way down', async () => {
    const [first, second, hand] = await run();
    expect(second!.targets).toBe(first!.targets);
    expect(hand!.targets).toBe(first!.targets);
    expect(second!.namedInputs).toBe(first!.namedInputs);
    for (const object of [...everyObject(first!.targets), ...everyObject(first!.namedInputs)])
      expect(Object.isFrozen(object)).toBe(true);
    expect(() => (first!.targets!['verify']!.dependsOn as string[]).push('build')).toThrow(TypeError);
  });

  it('is the configuration the target builders give for the call’s options, and another call’s options give their own', async () => {
    const plugin = pluginInputs(workspaceRoot);
    const [first] = await run();
    expect(first).toEqual({
      namedInputs: agentNamedInputs(plugin),
      targets: agentTargets(targetNames({}), {
        plugin,
        workspacePackages: bundledWorkspaceInputs(workspaceRoot),
      }),
    });
    const [renamed] = await run({ validateTargetName: 'check' });
    expect(Object.keys(renamed!.targets!)).toContain('check');
    expect(Object.keys(first!.targets!)).toContain('validate');
    expect(first!.targets).not.toHaveProperty('check');
  });
});
