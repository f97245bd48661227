import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fakeDeploymentPlan } from '../../deploy/testing/fake-agents';
import { freePortBase } from '../../deploy/testing/free-port-base';
import type { AgentProcess } from '../../deploy/agent-process';
import { startAgentProcess } from '../../deploy/agent-process';
import { stopAgentProcesses } from '../../deploy/stop-processes';
import { AgentStartError, startMatrixAgents } from './start-matrix-agents';

const workspace = join(__dirname, '..', '..', '..', '..', '..');
const scratch: string[] = [];
const fakePlan = (...args: Parameters<typeof fakeDeploymentPlan>) => {
  const plan = fakeDeploymentPlan(...args);
  scratch.push(dirname(plan.ecosystemRoot));
  return plan;
};

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('starting the agents of a matrix run', () => {
  it('stops every agent it started when one exits during the start, and says which and why', async () => {
    const plan = fakePlan(workspace, [{ id: 'good', wave: 0 }, { id: 'broken', wave: 0, failWith: 'cannot open the model store' }], await freePortBase(2));
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

  it('returns the running agents once every one answers /health', async () => {
    const plan = fakePlan(workspace, [{ id: 'one', wave: 0 }, { id: 'two', wave: 1 }], await freePortBase(2));
    const processes = await startMatrixAgents({ agents: plan.agents, env: process.env, logDir: join(plan.ecosystemRoot, 'logs'), healthTimeoutMs: 30_000 });
    try {
      expect(processes.map((p) => [p.agent.id, p.exit])).toEqual([['one', undefined], ['two', undefined]]);
    } finally {
      await stopAgentProcesses(processes);
    }
  });
});
