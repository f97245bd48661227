import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  bundleAgents,
  bundleHost,
  DeployError,
  deploymentPlan,
  readLockedPlan,
  startAgentProcess,
  stopProcesses,
  type AgentProcess,
} from '../../deploy';
import { fakeDeploymentPlan } from '../../deploy/testing/fake-agents';
import { freePorts } from '@l9/runtime/shared';
import { serviceUrl } from '../../../../runtime/src/testing/service-urls';
import { AgentStartError, startMatrixAgents } from './start-matrix-agents';
import { runMatrix } from './run-matrix';
import type { BackendSet } from './backend-set';

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
    const plan = await fakePlan(
      workspace,
      [
        { id: 'good', wave: 0 },
        { id: 'broken', wave: 0, failWith: 'cannot open the model store' },
      ],
      await freePorts(2),
    );
    const started: AgentProcess[] = [];
    const start: typeof startAgentProcess = (...args) => {
      const p = startAgentProcess(...args);
      started.push(p);
      return p;
    };
    const error = await startMatrixAgents({
      agents: plan.agents,
      env: process.env,
      logDir: join(plan.ecosystemRoot, 'logs'),
      healthTimeoutMs: 30_000,
      start,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentStartError);
    expect((error as Error).message).toMatch(/broken-agent exited with code 3/);
    expect((error as Error).message).toMatch(/cannot open the model store/);
    expect(started).toHaveLength(2);
    for (const p of started) expect(p.exit).toBeDefined();
  });

  it('builds no bundle: a missing or out-of-date one stops the run before any agent starts, naming it and the bundle target', async () => {
    const plan = await fakePlan(
      workspace,
      [
        { id: 'built', wave: 0 },
        { id: 'unbuilt', wave: 0 },
        { id: 'edited', wave: 1 },
      ],
      await freePorts(3),
    );
    rmSync(join(plan.agents[1]!.projectRoot, '.l9'), { recursive: true });
    writeFileSync(join(plan.agents[2]!.projectRoot, 'src', 'main.ts'), 'process.exit(0);\n');
    const starts: string[] = [];
    const start: typeof startAgentProcess = (agent, ...rest) => {
      starts.push(agent.id);
      return startAgentProcess(agent, ...rest);
    };
    const error = await startMatrixAgents({
      agents: plan.agents,
      env: process.env,
      logDir: join(plan.ecosystemRoot, 'logs'),
      healthTimeoutMs: 30_000,
      start,
      bundleTarget: 'build-agent',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    const lines = (error as Error).message.split('\n');
    expect(lines[0]).toBe('2 agents have no bundle built from their current sources:');
    expect(lines[1]).toMatch(
      /^ {2}unbuilt-agent \(unbuilt\): no bundle at .*unbuilt\/\.l9\/bundle\/main\.js$/,
    );
    expect(lines[2]).toMatch(
      /^ {2}edited-agent \(edited\): .*edited\/\.l9\/bundle\/main\.js is out of date: src\/main\.ts changed since it was built$/,
    );
    expect(lines[3]).toBe('build them with: npx nx run-many -t build-agent -p unbuilt,edited');
    expect(starts).toEqual([]);
    expect(existsSync(join(plan.agents[1]!.projectRoot, '.l9'))).toBe(false);
  });

  it('returns the running agents once every one answers /health', async () => {
    const plan = await fakePlan(
      workspace,
      [
        { id: 'one', wave: 0 },
        { id: 'two', wave: 1 },
      ],
      await freePorts(2),
    );
    const processes = await startMatrixAgents({
      agents: plan.agents,
      env: process.env,
      logDir: join(plan.ecosystemRoot, 'logs'),
      healthTimeoutMs: 30_000,
    });
    try {
      expect(processes.map((p) => [p.agent.id, p.exit])).toEqual([
        ['one', undefined],
        ['two', undefined],
      ]);
    } finally {
      await stopProcesses(processes);
    }
  });

  it('starts the matrix agents in one process when L9_AGENT_HOST says so, from a host bundle the bundle target built', async () => {
    // The host bundle alone, built below: the agents' own bundles play no part in one process.
    const plan = fakeDeploymentPlan(
      workspace,
      [
        { id: 'left', wave: 0 },
        { id: 'right', wave: 0 },
      ],
      await freePorts(2),
    );
    scratch.push(dirname(plan.ecosystemRoot));
    const options = {
      agents: plan.agents,
      logDir: join(plan.ecosystemRoot, 'logs'),
      healthTimeoutMs: 60_000,
      ecosystemRoot: plan.ecosystemRoot,
      bundleTarget: 'build-agent',
    };
    const missing = await startMatrixAgents({
      ...options,
      env: { PATH: process.env['PATH'], L9_AGENT_HOST: 'one-process' },
    }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DeployError);
    expect((missing as Error).message).toMatch(
      /^the agents of fake-ecosystem cannot run in one process: no bundle at .*fake-ecosystem\/\.l9\/bundle\/host\.js\nbuild it with: npx nx run-many -t build-agent -p fake-ecosystem$/,
    );
    await bundleHost(plan.ecosystemRoot, plan.agents);
    const processes = await startMatrixAgents({
      ...options,
      env: { PATH: process.env['PATH'], L9_AGENT_HOST: 'one-process' },
    });
    try {
      expect(processes.map((p) => [p.agent.id, p.hosting, p.exit])).toEqual([
        ['left', 2, undefined],
        ['right', 2, undefined],
      ]);
      expect(processes[0]!.child).toBe(processes[1]!.child);
    } finally {
      await stopProcesses(processes);
    }
    expect(processes.map((p) => p.exit?.code)).toEqual([0, 0]);
  }, 120_000);
});

describe('the example ecosystem with every agent in one process', () => {
  const ecosystemRoot = join(workspace, 'agents', 'tensoraios-ecosystem');
  const plan = readLockedPlan(ecosystemRoot);
  const count = plan.agents.length;

  // What the ecosystem's bundle target leaves in place: the matrix builds no bundle.
  beforeAll(async () => {
    await bundleHost(ecosystemRoot, deploymentPlan(plan, ecosystemRoot, 1).agents);
  }, 120_000);

  async function expectFullMatrix(backends: BackendSet, env: NodeJS.ProcessEnv): Promise<void> {
    const run = await runMatrix({
      plan,
      ecosystemRoot,
      workspaceRoot: workspace,
      backends,
      env: { ...env, L9_AGENT_HOST: 'one-process' },
      healthTimeoutMs: 90_000,
      streamTimeoutMs: 15_000,
    });
    const failures = run.pairs.flatMap((p) =>
      [p.rest, p.stream, p.escalation, p.a2a, p.lineage].flatMap((leg) =>
        leg.failures.map((f) => `${p.source} → ${p.destination}: ${f}`),
      ),
    );
    expect(failures).toEqual([]);
    expect(run.pairs.filter((p) => p.passed)).toHaveLength(count * (count - 1));
  }

  it('passes every pair of the matrix on embedded backends', async () => {
    await expectFullMatrix('embedded', { PATH: process.env['PATH'] });
  }, 180_000);

  // Registered only with the services (see service-urls.ts: L9_REQUIRE_SERVICES turns their absence into a failure).
  const redisUrl = serviceUrl('redis');
  const postgresUrl = serviceUrl('postgres');
  if (redisUrl && postgresUrl) {
    it('passes every pair on Redis + PostgreSQL, the stream leg through Redis', async () => {
      await expectFullMatrix('redis+postgres', {
        PATH: process.env['PATH'],
        L9_REDIS_URL: redisUrl,
        L9_POSTGRES_URL: postgresUrl,
      });
    }, 180_000);
  }
});
