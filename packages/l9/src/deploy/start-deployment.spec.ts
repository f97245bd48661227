import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { workspaceRoot } from '../testing/reference-inputs';
import { bundleAgents } from './agent-bundle';
import { AGENT_BUNDLE } from './agent-entry';
import { peerUrlVariable } from './agent-environment';
import { deployDirectory, isAlive, readDeployState, writeDeployState } from './deploy-state';
import { DeployError } from './deployment-plan';
import { stopRecordedDeployment } from './recorded-deployment';
import { startDeployment, type Deployment } from './start-deployment';
import { fakeDeploymentPlan } from './testing/fake-agents';
import { freePort, freePorts } from '@l9/runtime/shared';

const root = workspaceRoot();
const quiet = { env: { PATH: process.env['PATH'] }, healthTimeoutMs: 30_000 };
const scratch: string[] = [];
const fakePlan = (...args: Parameters<typeof fakeDeploymentPlan>) => {
  const plan = fakeDeploymentPlan(...args);
  scratch.push(dirname(plan.ecosystemRoot));
  return plan;
};

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('startDeployment', () => {
  let deployment: Deployment | undefined;

  afterEach(async () => {
    await deployment?.stop();
    deployment = undefined;
  });

  it('starts wave by wave with each agent’s port and its peers’ URLs, reports health, and stops every process', async () => {
    const plan = fakePlan(
      root,
      [
        { id: 'first', wave: 0 },
        { id: 'second', wave: 1 },
      ],
      await freePorts(2),
    );
    const progress: string[] = [];
    deployment = await startDeployment({ plan, ...quiet, onProgress: (line) => progress.push(line) });
    expect(progress.filter((line) => line.startsWith('wave'))).toEqual([
      'wave 1: starting first-agent',
      'wave 2: starting second-agent',
    ]);
    const statuses = await deployment.status();
    expect(statuses.map((s) => [s.agent.id, s.health.state, s.health.backends])).toEqual([
      ['first', 'ok', 'embedded'],
      ['second', 'ok', 'embedded'],
    ]);
    const second = plan.agents[1]!;
    const body = (await (await fetch(`http://127.0.0.1:${second.port}/second/health`)).json()) as {
      env: Record<string, string>;
    };
    expect(body.env).toMatchObject({
      L9_PORT: String(second.port),
      [peerUrlVariable('first')]: `http://127.0.0.1:${plan.agents[0]!.port}`,
    });
    const pids = deployment.processes.map((p) => p.pid);
    await deployment.stop();
    expect(pids.filter(isAlive)).toEqual([]);
  });

  it('stops what it started when an agent fails, naming the agent and what it wrote', async () => {
    const plan = fakePlan(
      root,
      [
        { id: 'good', wave: 0 },
        { id: 'broken', wave: 1, failWith: 'cannot open the model store' },
      ],
      await freePorts(2),
    );
    const failure = await startDeployment({ plan, ...quiet, onProgress: () => undefined }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DeployError);
    const message = (failure as DeployError).message;
    expect(message).toContain('broken-agent exited with code 3 before answering GET');
    expect(message).toContain('cannot open the model store');
    expect(message).toContain('broken.log');
    // Nothing of the failed deployment answers any more.
    const health = await fetch(`http://127.0.0.1:${plan.agents[0]!.port}/good/health`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(health).toBe('refused');
  });

  it('starts no agent when one does not compile, and names the file, line and column', async () => {
    const plan = fakePlan(
      root,
      [
        { id: 'fine', wave: 0 },
        { id: 'typo', wave: 1 },
      ],
      await freePorts(2),
    );
    writeFileSync(
      join(plan.agents[1]!.projectRoot, 'src', 'main.ts'),
      "import { createServer } from 'node:http';\ncreateServer(.listen(1);\n",
    );
    const failure = await startDeployment({ plan, ...quiet }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeployError);
    expect((failure as DeployError).message).toContain(
      `${relative(process.cwd(), join(plan.agents[1]!.projectRoot, 'src', 'main.ts'))}:2:14: Unexpected "."`,
    );
    // Not even the first wave, whose agent compiled: no log was opened, nothing answers.
    expect(existsSync(deployDirectory(plan.ecosystemRoot))).toBe(false);
    const health = await fetch(`http://127.0.0.1:${plan.agents[0]!.port}/fine/health`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(health).toBe('refused');
  });

  it('under Nx, starts the bundles the bundle target built and builds none: an out-of-date one is refused before anything starts', async () => {
    const plan = fakePlan(
      root,
      [
        { id: 'early', wave: 0 },
        { id: 'late', wave: 1 },
      ],
      await freePorts(2),
    );
    const unbuilt = await startDeployment({ plan, ...quiet, bundleTarget: 'bundle' }).catch(
      (error: unknown) => error,
    );
    expect(unbuilt).toBeInstanceOf(DeployError);
    expect((unbuilt as DeployError).message).toMatch(
      /^2 agents have no bundle built from their current sources:\n {2}early-agent \(early\): no bundle at .*\n {2}late-agent \(late\): no bundle at .*\nbuild them with: npx nx run-many -t bundle -p early,late$/,
    );
    expect(existsSync(join(plan.agents[0]!.projectRoot, '.l9'))).toBe(false);
    expect(existsSync(deployDirectory(plan.ecosystemRoot))).toBe(false);

    await bundleAgents(plan.agents.map((a) => a.projectRoot));
    const built = readFileSync(join(plan.agents[1]!.projectRoot, AGENT_BUNDLE));
    const progress: string[] = [];
    deployment = await startDeployment({
      plan,
      ...quiet,
      bundleTarget: 'bundle',
      onProgress: (line) => progress.push(line),
    });
    expect(progress[0]).toBe('2 agent bundles from the bundle target, each built from the sources on disk');
    expect((await deployment.status()).map((s) => [s.agent.id, s.health.state])).toEqual([
      ['early', 'ok'],
      ['late', 'ok'],
    ]);
    expect(readFileSync(join(plan.agents[1]!.projectRoot, AGENT_BUNDLE))).toEqual(built);
    await deployment.stop();
    deployment = undefined;

    writeFileSync(join(plan.agents[1]!.projectRoot, 'src', 'main.ts'), 'process.exit(0);\n');
    const stale = await startDeployment({ plan, ...quiet, bundleTarget: 'bundle' }).catch(
      (error: unknown) => error,
    );
    expect((stale as DeployError).message).toContain('late-agent (late): ');
    expect((stale as DeployError).message).toContain(
      'is out of date: src/main.ts changed since it was built\nbuild it with: npx nx run-many -t bundle -p late',
    );
  });

  it('refuses to start on a port in use, naming the agent and the port', async () => {
    const base = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(base, '127.0.0.1', resolve));
    try {
      const plan = fakePlan(root, [{ id: 'only', wave: 0 }], base);
      await expect(startDeployment({ plan, ...quiet })).rejects.toThrow(
        `port ${base} for only-agent is in use`,
      );
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });

  it('says which agent is down when one process dies, while the others keep serving', async () => {
    const plan = fakePlan(
      root,
      [
        { id: 'alpha', wave: 0 },
        { id: 'beta', wave: 1 },
        { id: 'gamma', wave: 1 },
      ],
      await freePorts(3),
    );
    deployment = await startDeployment({ plan, ...quiet });
    const beta = deployment.processes.find((p) => p.agent.id === 'beta')!;
    beta.child.kill('SIGKILL');
    await beta.exited;
    const statuses = await deployment.status();
    expect(statuses.map((s) => [s.agent.id, s.health.state])).toEqual([
      ['alpha', 'ok'],
      ['beta', 'down'],
      ['gamma', 'ok'],
    ]);
    expect(statuses[1]!.health.detail).toBe('process was ended by SIGKILL');
  });

  it('stops a recorded deployment whose supervisor is gone, and forgets it', async () => {
    const plan = fakePlan(root, [{ id: 'left', wave: 0 }], await freePorts(1));
    deployment = await startDeployment({ plan, ...quiet });
    const [p] = deployment.processes;
    writeDeployState(plan.ecosystemRoot, {
      format: 'l9/deploy-state@1',
      ecosystem: plan.ecosystem,
      supervisor_pid: 2 ** 22 + 1,
      agents: [
        {
          id: 'left',
          name: 'left-agent',
          routePrefix: 'left',
          wave: 0,
          port: p!.agent.port,
          pid: p!.pid,
          log: p!.logFile,
        },
      ],
    });
    const result = await stopRecordedDeployment(plan.ecosystemRoot);
    expect(result).toEqual({ found: true, stopped: ['left-agent'], killed: [] });
    expect(await p!.exited).toEqual({ code: 0, signal: null });
    expect(readDeployState(plan.ecosystemRoot)).toBeNull();
    expect(await stopRecordedDeployment(plan.ecosystemRoot)).toEqual({
      found: false,
      stopped: [],
      killed: [],
    });
  });
});
