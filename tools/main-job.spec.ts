import { spawn } from 'node:child_process';
import { freePortRange, freePorts } from '@l9/runtime/shared';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deploymentPlan,
  localSecrets,
  readLockedPlan,
  startDeployment,
  type Deployment,
  type LocalSecrets,
} from '../packages/l9/src/deploy';
import type { MainJobSummary } from './main-job/summary';
import { calmSignals } from './main-job/calm-signals';
import { sendThroughPath } from './main-job/send-through-path';

const root = join(__dirname, '..');
const ecosystemRoot = join(root, 'agents', 'tensoraios-ecosystem');
const embedded = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^L9_(REDIS|POSTGRES|NEO4J)_URL$/.test(key)),
);

describe('a deployment of the example when one agent dies', () => {
  let deployment: Deployment;
  let secrets: LocalSecrets;

  beforeAll(async () => {
    const locked = readLockedPlan(ecosystemRoot);
    secrets = localSecrets(
      ecosystemRoot,
      locked.agents.map((a) => a.id),
      embedded,
      root,
    );
    deployment = await startDeployment({
      plan: deploymentPlan(locked, ecosystemRoot, await freePorts(locked.agents.length)),
      env: embedded,
      secrets,
    });
  });

  afterAll(async () => {
    await deployment.stop();
  });

  it('names the agent that is down while the others keep serving', async () => {
    const main = deployment.processes.find((p) => p.agent.id === 'main-agent')!;
    main.child.kill('SIGKILL');
    await main.exited;
    const statuses = await deployment.status();
    expect(statuses.map((s) => [s.agent.name, s.health.state])).toEqual([
      ['TensorAIOS', 'ok'],
      ['MainAgent', 'down'],
      ['TensorTrainingOrchestrator', 'ok'],
      ['PlastOSAdapter', 'ok'],
      ['TensorAuditor', 'ok'],
    ]);
    expect(statuses[1]!.health.detail).toBe('process was ended by SIGKILL');
    const agents = deployment.plan.agents;
    const unsigned = await sendThroughPath(agents, ['plastos-adapter', 'tensoraios'], 'tensor-scorer', {
      candidates: [],
    });
    // Packet auth is required, as in every deployment: the client gives up on the 401.
    expect([unsigned.ok, unsigned.error]).toEqual([false, expect.stringMatching(/401/)]);
    const direct = await sendThroughPath(
      agents,
      ['plastos-adapter', 'tensoraios'],
      'tensor-scorer',
      { candidates: [], ...calmSignals(join(root, 'agents'), ['plastos-adapter', 'tensoraios']) },
      secrets.packetSecret,
    );
    expect([direct.ok, direct.routed_path]).toEqual([true, ['plastos-adapter', 'tensoraios']]);
    const broken = await sendThroughPath(
      agents,
      ['plastos-adapter', 'main-agent', 'tensoraios'],
      'tensor-scorer',
      {
        candidates: [],
        ...calmSignals(join(root, 'agents'), ['plastos-adapter', 'main-agent', 'tensoraios']),
      },
      secrets.packetSecret,
    );
    expect(broken.ok).toBe(false);
    expect(broken.packet_type).toBe('tensor-scorer.undeliverable');
    expect(broken.answer).toMatchObject({ error: 'route_failed', at: 'plastos-adapter', next: 'main-agent' });
  });
});

describe('the main job (npm start)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'l9-main-job-'));

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('checks, verifies, writes evidence, deploys five agents, passes an envelope along the path and stops them', async () => {
    const summaryPath = join(dir, 'main-job.json');
    // The main job takes a port base: five consecutive free ports.
    const base = await freePortRange(5);
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        'tools/main-job.ts',
        '--port-base',
        String(base),
        '--summary',
        summaryPath,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('main job passed') });
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as MainJobSummary;
    expect(summary.ok).toBe(true);
    expect(summary.steps.map((s) => [s.name, s.ok])).toEqual([
      ['generate', true],
      ['verify', true],
      ['evidence', true],
      ['bundle', true],
      ['deploy', true],
      ['path', true],
    ]);
    expect(summary.agents.map((a) => [a.id, a.port, a.health, a.backends])).toEqual(
      ['tensoraios', 'main-agent', 'tensor-training-orchestrator', 'plastos-adapter', 'tensor-auditor'].map(
        (id, i) => [id, base + i, 'ok', 'embedded'],
      ),
    );
    expect(summary.path).toMatchObject({
      ok: true,
      status: 200,
      lineage_ok: true,
      routed_path: ['plastos-adapter', 'main-agent', 'tensoraios'],
      answer: { module: 'tensor-scorer', accepted: true },
    });
    expect(output).toContain(`curl http://127.0.0.1:${base + 1}/mainagent/status`);
    expect(output).toMatch(
      /secrets: packet auth required; the packet secret and each agent's audit and Agent Card keys come from agents\/tensoraios-ecosystem\/\.l9\/secrets\/local\/secrets\.json \((generated now|kept from an earlier run), for this machine only\)/,
    );
    expect(summary.kept_running).toBe(false);
  });
});
