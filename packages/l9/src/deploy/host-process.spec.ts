import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AGENT_HOST_FORMAT as RUNTIME_HOST_FORMAT } from '@l9/runtime';
import { workspaceRoot } from '../testing/reference-inputs';
import { hostEntrySource } from './agent-bundle';
import { HOST_BUNDLE } from './agent-entry';
import { runDeployCli } from './deploy-cli';
import { DeployError } from './deployment-plan';
import { AGENT_HOST_FORMAT, agentHostChoice } from './host-process';
import type { LocalSecrets } from './local-secrets';
import { startDeployment, type Deployment } from './start-deployment';
import { fakeDeploymentPlan } from './testing/fake-agents';
import { freePorts } from '@l9/runtime/shared';

const root = workspaceRoot();
const quiet = { env: { PATH: process.env['PATH'] }, healthTimeoutMs: 60_000 };
const scratch: string[] = [];
const fakePlan = (...args: Parameters<typeof fakeDeploymentPlan>) => {
  const plan = fakeDeploymentPlan(...args);
  scratch.push(dirname(plan.ecosystemRoot));
  return plan;
};

/** Each agent's own secret, as the local secret set gives one per agent. */
const secrets: LocalSecrets = {
  notes: [],
  packetSecret: 'p'.repeat(64),
  envFor: (id) => ({ L9_AUDIT_SIGNING_KEY: `key-of-${id}` }),
};

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('agents of an ecosystem in one process', () => {
  let deployment: Deployment | undefined;

  afterEach(async () => {
    await deployment?.stop();
    deployment = undefined;
  });

  it('runs every agent in one process from the host bundle, each on its own port with its own keys, which the process environment never holds', async () => {
    const plan = fakePlan(
      root,
      [
        { id: 'first', wave: 0 },
        { id: 'second', wave: 1 },
        { id: 'third', wave: 1 },
      ],
      await freePorts(3),
    );
    const progress: string[] = [];
    deployment = await startDeployment({
      plan,
      ...quiet,
      secrets,
      host: 'one-process',
      onProgress: (line) => progress.push(line),
    });
    expect(existsSync(join(plan.ecosystemRoot, HOST_BUNDLE))).toBe(true);
    expect(new Set(deployment.processes.map((p) => p.pid)).size).toBe(1);
    expect(progress.filter((line) => line.startsWith('wave'))).toEqual([
      'wave 1: starting first-agent',
      'wave 2: starting second-agent, third-agent',
    ]);
    for (const agent of plan.agents) {
      const body = (await (await fetch(`http://127.0.0.1:${agent.port}/${agent.id}/health`)).json()) as {
        env: Record<string, string>;
      };
      expect(body.env).toMatchObject({
        L9_PORT: String(agent.port),
        L9_AUDIT_SIGNING_KEY: `key-of-${agent.id}`,
      });
    }
    const pid = deployment.processes[0]!.pid;
    if (existsSync(`/proc/${pid}/environ`))
      expect(readFileSync(`/proc/${pid}/environ`, 'utf8')).not.toContain('key-of-');
    expect((await deployment.status()).map((s) => s.health.state)).toEqual(['ok', 'ok', 'ok']);
    const processes = deployment.processes;
    await deployment.stop();
    deployment = undefined;
    expect(processes.map((p) => p.exit)).toEqual(processes.map(() => ({ code: 0, signal: null })));
  }, 120_000);

  it('stops the whole start when one agent fails to start in the host, quoting the host naming it', async () => {
    const plan = fakePlan(
      root,
      [
        { id: 'good', wave: 0 },
        { id: 'broken', wave: 0, failWith: 'cannot open the model store' },
      ],
      await freePorts(2),
    );
    const error = await startDeployment({ plan, ...quiet, host: 'one-process' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^the process hosting 2 agents exited with code 1 before (good|broken)-agent answered GET /,
    );
    expect(message).toContain(
      '--- last output of the host process ---\nbroken-agent failed to start: cannot open the model store; stopped good-agent',
    );
    expect(message).toContain(join(plan.ecosystemRoot, '.l9', 'deploy', 'host.log'));
  }, 120_000);
});

describe('the host choice', () => {
  const refuse = (message: string) => new DeployError(message);

  it('is per-process unless an option or L9_AGENT_HOST says one-process; the option wins', () => {
    expect(agentHostChoice(undefined, {}, refuse)).toBe('per-process');
    expect(agentHostChoice(undefined, { L9_AGENT_HOST: 'one-process' }, refuse)).toBe('one-process');
    expect(agentHostChoice('per-process', { L9_AGENT_HOST: 'one-process' }, refuse)).toBe('per-process');
  });

  it('refuses anything else, naming where it came from', async () => {
    expect(() => agentHostChoice(undefined, { L9_AGENT_HOST: 'shared' }, refuse)).toThrow(
      "L9_AGENT_HOST is 'shared': choose per-process or one-process",
    );
    const lines: string[] = [];
    const code = await runDeployCli(['agents/tensoraios-ecosystem', '--host=threads'], {
      stdout: (t) => lines.push(t),
      stderr: (t) => lines.push(t),
      env: {},
    });
    expect(code).toBe(1);
    expect(lines.join('').split('\n')[0]).toBe("--host is 'threads': choose per-process or one-process");
  });

  it('speaks the request format of the runtime host, from an entry made from the plan alone', () => {
    expect(AGENT_HOST_FORMAT).toBe(RUNTIME_HOST_FORMAT);
    const members = [
      { id: 'tensoraios', name: 'TensorAIOS', projectRoot: '/w/agents/tensoraios' },
      { id: 'main-agent', name: 'MainAgent', projectRoot: '/w/agents/main-agent' },
    ];
    expect(hostEntrySource('/w/agents/eco', members)).toBe(
      [
        '// The host entry of this ecosystem, made by the l9:bundle target from plan.lock.json: every member agent in one process.',
        "import { runAgentHost } from '@l9/runtime';",
        'import { createAgent as member0 } from "../tensoraios/src/generated/wiring";',
        'import { createAgent as member1 } from "../main-agent/src/generated/wiring";',
        '',
        'runAgentHost([',
        '  { id: "tensoraios", name: "TensorAIOS", create: member0 },',
        '  { id: "main-agent", name: "MainAgent", create: member1 },',
        ']);',
        '',
      ].join('\n'),
    );
  });
});
