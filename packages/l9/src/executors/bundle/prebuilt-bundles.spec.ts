import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { bundleAgents } from '../../deploy/agent-bundle';
import type { DeploymentPlan } from '../../deploy/deployment-plan';
import { fakeDeploymentPlan } from '../../deploy/testing/fake-agents';
import { freePorts } from '@l9/runtime/shared';
import { workspaceRoot } from '../../testing/reference-inputs';
import { requireBuiltHost } from '../../deploy/bundle-record';
import { DeployError } from '../../deploy/deployment-plan';
import deployExecutor from '../deploy/executor';
import integrationExecutor from '../integration/executor';
import bundleExecutor from './executor';

const root = workspaceRoot();
let plan: DeploymentPlan;

/** The fake agents as an ecosystem project: its plan.lock.json, as the generator writes one. */
function lockPlan(): void {
  mkdirSync(plan.ecosystemRoot, { recursive: true });
  const agents = plan.agents.map((a) => ({
    id: a.id,
    name: a.name,
    route_prefix: a.routePrefix,
    wave: a.wave,
    port: a.port,
    depends_on: { hard: [], soft: [] },
  }));
  writeFileSync(
    join(plan.ecosystemRoot, 'plan.lock.json'),
    JSON.stringify({
      format: 'l9/locked-plan@1',
      agents,
      waves: [...new Set(plan.agents.map((a) => a.wave))].map((wave) =>
        plan.agents.filter((a) => a.wave === wave).map((a) => a.name),
      ),
    }),
  );
}

/** What Nx hands the executors: the ecosystem project and agent projects whose bundle target nx.json renamed. */
function context(): ExecutorContext {
  const projects: Record<string, unknown> = {
    [plan.ecosystem]: { root: relative(root, plan.ecosystemRoot) },
  };
  for (const agent of plan.agents)
    projects[agent.id] = {
      root: relative(root, agent.projectRoot),
      targets: { 'build-agent': { executor: 'l9:bundle' }, serve: { executor: 'nx:run-commands' } },
    };
  return {
    root,
    cwd: root,
    isVerbose: false,
    projectName: basename(plan.ecosystemRoot),
    projectsConfigurations: { version: 2, projects },
    nxJsonConfiguration: {},
  } as unknown as ExecutorContext;
}

async function stderrOf(
  run: () => Promise<{ success: boolean }>,
): Promise<{ success: boolean; stderr: string }> {
  let stderr = '';
  const write = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const { success } = await run();
    return { success, stderr };
  } finally {
    write.mockRestore();
    stdout.mockRestore();
  }
}

beforeEach(async () => {
  plan = fakeDeploymentPlan(
    root,
    [
      { id: 'ready', wave: 0 },
      { id: 'unbuilt', wave: 1 },
    ],
    await freePorts(2),
  );
  lockPlan();
  await bundleAgents([plan.agents[0]!.projectRoot]);
});

afterEach(() => rmSync(dirname(plan.ecosystemRoot), { recursive: true, force: true }));

describe('deploy and integration start the bundles Nx built', () => {
  const refusal = (command: string) =>
    expect.stringContaining(
      `one agent has no bundle built from its current sources:\n  unbuilt-agent (unbuilt): no bundle at ${relative(process.cwd(), join(plan.agents[1]!.projectRoot, '.l9', 'bundle', 'main.js'))}\nbuild it with: ${command}`,
    );

  it('deploy fails before any agent starts, naming the agent without a bundle and the renamed bundle target that builds it', async () => {
    const result = await stderrOf(() => deployExecutor({ healthTimeout: 20 }, context()));
    expect(result).toEqual({ success: false, stderr: refusal('npx nx run-many -t build-agent -p unbuilt') });
  });

  it('integration fails the same way, as one line of its own, before starting anything', async () => {
    const result = await stderrOf(() =>
      integrationExecutor({ backends: 'embedded', healthTimeout: 20 }, context()),
    );
    expect(result).toEqual({ success: false, stderr: refusal('npx nx run-many -t build-agent -p unbuilt') });
    expect(result.stderr.startsWith('integration: one agent has no bundle')).toBe(true);
  });
});

describe('the bundle target of an ecosystem project', () => {
  it('builds the host bundle of every member from the plan, which a changed plan makes out of date', async () => {
    const result = await stderrOf(() => bundleExecutor({}, context()));
    expect(result).toEqual({ success: true, stderr: '' });
    const entry = readFileSync(join(plan.ecosystemRoot, '.l9', 'bundle', 'host.js'), 'utf8');
    for (const agent of plan.agents) expect(entry).toContain(`name:"${agent.name}"`);
    const record = JSON.parse(
      readFileSync(join(plan.ecosystemRoot, '.l9', 'bundle', 'sources.json'), 'utf8'),
    ) as { sources: Record<string, string> };
    expect(Object.keys(record.sources)).toEqual(
      expect.arrayContaining([
        'plan.lock.json',
        '../ready/src/generated/wiring.ts',
        '../unbuilt/src/generated/wiring.ts',
      ]),
    );
    expect(() => requireBuiltHost(plan)).not.toThrow();
    writeFileSync(
      join(plan.ecosystemRoot, 'plan.lock.json'),
      `${readFileSync(join(plan.ecosystemRoot, 'plan.lock.json'), 'utf8')}\n`,
    );
    expect(() => requireBuiltHost(plan, 'build-agent')).toThrow(DeployError);
    expect(() => requireBuiltHost(plan, 'build-agent')).toThrow(
      /host\.js is out of date: plan\.lock\.json changed since it was built\nbuild it with: npx nx run-many -t build-agent -p fake-ecosystem$/,
    );
  }, 120_000);
});
