import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleAgents } from '../../deploy/agent-bundle';
import { DeployError } from '../../deploy/deployment-plan';
import { fakeDeploymentPlan } from '../../deploy/testing/fake-agents';
import { freePortBase } from '../../deploy/testing/free-port-base';
import type { AgentProcess } from '../../deploy/agent-process';
import { startAgentProcess } from '../../deploy/agent-process';
import { stopAgentProcesses } from '../../deploy/stop-processes';
import { AgentStartError, startMatrixAgents } from './start-matrix-agents';

const workspace = join(__dirname, '..', '..', '..', '..', '..');
const scratch: string[] = [];
/** Fake agents with their bundles built, as the integration target's dependency on the bundle target leaves them. */
const fakePlan = async (...args: Parameters<typeof fakeDeploymentPlan>) => {
  const plan = fakeDeploymentPlan(...args);
  scratch.push(dirname(plan.ecosystemRoot));
  await bundleAgents(plan.agents.map((a) => a.projectRoot));
  return plan;
};

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('starting the agents of a matrix run', () => {
  it('stops every agent it started when one exits during the start, and says which and why', async () => {
    const plan = await fakePlan(workspace, [{ id: 'good', wave: 0 }, { id: 'broken', wave: 0, failWith: 'cannot open the model store' }], await freePortBase(2));
    const started: AgentProcess[] = [];
    const start: typeof startAgentProcess = (...args) => {
      const p = startAgentProcess(...args);
      started.push(p);
      return p;
    };
    const error = await startMatrixAgents({ agents: plan.agents, env: process.env, logDir: join(plan.ecosystemRoot, 'logs'), healthTimeoutMs: 30_000, start }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentStartError);
    expect((error as Error).message).toMatch(/broken-agent exited with code 3/);
    expect((error as Error).message).toMatch(/cannot open the model store/);
    expect(started).toHaveLength(2);
    for (const p of started) expect(p.exit).toBeDefined();
  });

  it('builds no bundle: a missing or out-of-date one stops the run before any agent starts, naming it and the bundle target', async () => {
    const plan = await fakePlan(workspace, [{ id: 'built', wave: 0 }, { id: 'unbuilt', wave: 0 }, { id: 'edited', wave: 1 }], await freePortBase(3));
    rmSync(join(plan.agents[1]!.projectRoot, '.l9'), { recursive: true });
    writeFileSync(join(plan.agents[2]!.projectRoot, 'src', 'main.ts'), 'process.exit(0);\n');
    const starts: string[] = [];
    const start: typeof startAgentProcess = (agent, ...rest) => {
      starts.push(agent.id);
      return startAgentProcess(agent, ...rest);
    };
    const error = await startMatrixAgents({ agents: plan.agents, env: process.env, logDir: join(plan.ecosystemRoot, 'logs'), healthTimeoutMs: 30_000, start, bundleTarget: 'build-agent' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    const lines = (error as Error).message.split('\n');
    expect(lines[0]).toBe('2 agents have no bundle built from their current sources:');
    expect(lines[1]).toMatch(/^ {2}unbuilt-agent \(unbuilt\): no bundle at .*unbuilt\/\.l9\/bundle\/main\.js$/);
    expect(lines[2]).toMatch(/^ {2}edited-agent \(edited\): .*edited\/\.l9\/bundle\/main\.js is out of date: src\/main\.ts changed since it was built$/);
    expect(lines[3]).toBe('build them with: npx nx run-many -t build-agent -p unbuilt,edited');
    expect(starts).toEqual([]);
    expect(existsSync(join(plan.agents[1]!.projectRoot, '.l9'))).toBe(false);
  });

  it('returns the running agents once every one answers /health', async () => {
    const plan = await fakePlan(workspace, [{ id: 'one', wave: 0 }, { id: 'two', wave: 1 }], await freePortBase(2));
    const processes = await startMatrixAgents({ agents: plan.agents, env: process.env, logDir: join(plan.ecosystemRoot, 'logs'), healthTimeoutMs: 30_000 });
    try {
      expect(processes.map((p) => [p.agent.id, p.exit])).toEqual([['one', undefined], ['two', undefined]]);
    } finally {
      await stopAgentProcesses(processes);
    }
  });
});
