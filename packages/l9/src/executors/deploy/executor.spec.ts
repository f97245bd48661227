import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { writeDeployState } from '../../deploy/deploy-state';
import deployExecutor from './executor';

let root: string;
const project = 'demo-ecosystem';

function context(): ExecutorContext {
  return {
    root,
    cwd: root,
    isVerbose: false,
    projectName: project,
    projectsConfigurations: { version: 2, projects: { [project]: { root: `agents/${project}` } } },
    nxJsonConfiguration: {},
  } as unknown as ExecutorContext;
}

async function outputOf(
  run: () => Promise<{ success: boolean }>,
): Promise<{ success: boolean; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { ...(await run()), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'l9-deploy-executor-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('l9:deploy', () => {
  it('answers status and stop for the project it runs for, through the deploy functions', async () => {
    const ecosystemRoot = join(root, 'agents', project);
    expect(await outputOf(() => deployExecutor({ status: true }, context()))).toEqual({
      success: true,
      stdout: `not deployed: no deployment recorded under ${ecosystemRoot}/.l9/deploy\n`,
      stderr: '',
    });
    expect(await outputOf(() => deployExecutor({ stop: true }, context()))).toEqual({
      success: true,
      stdout: `no deployment recorded under ${ecosystemRoot}/.l9/deploy\n`,
      stderr: '',
    });
  });

  it('reports an agent of the recorded deployment that is down as a failed status', async () => {
    const ecosystemRoot = join(root, 'agents', project);
    // A pid that cannot be running and a port nothing listens on (1 is privileged): the agent is down.
    writeDeployState(ecosystemRoot, {
      format: 'l9/deploy-state@1',
      ecosystem: basename(ecosystemRoot),
      supervisor_pid: 2 ** 22 + 1,
      agents: [
        {
          id: 'alpha',
          name: 'Alpha',
          routePrefix: 'alpha',
          wave: 0,
          port: 1,
          pid: 2 ** 22 + 1,
          log: join(root, 'alpha.log'),
        },
      ],
    });
    const result = await outputOf(() => deployExecutor({ status: true }, context()));
    expect(result.success).toBe(false);
    expect(result.stdout).toContain('Alpha');
  });

  it('refuses a host the environment names wrongly before starting anything', async () => {
    const before = process.env['L9_AGENT_HOST'];
    process.env['L9_AGENT_HOST'] = 'cluster';
    try {
      const result = await outputOf(() => deployExecutor({}, context()));
      expect(result).toEqual({
        success: false,
        stdout: '',
        stderr: "L9_AGENT_HOST is 'cluster': choose per-process or one-process\n",
      });
    } finally {
      if (before === undefined) delete process.env['L9_AGENT_HOST'];
      else process.env['L9_AGENT_HOST'] = before;
    }
  });
});
