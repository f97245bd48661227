/**
 * What hosting the agents of an ecosystem in one node process saves in memory: the example's five agents started
 * as `deploy --host=one-process` starts them (the ecosystem's host bundle, `.l9/bundle/host.js`), against one
 * agent (TensorAIOS) from its own bundle as `deploy` starts it, and, for scale, the five each in its own process.
 * Every mode runs with the deployment's secrets (packet auth on) and embedded backends, gets the same warm-up
 * (`L9_BENCH_WARMUP` rounds of health, status, Agent Card and a signed packet to each agent), then settles for
 * `L9_BENCH_SETTLE_MS`; the figure is the resident set size (VmRSS) of the processes then. The modes take turns,
 * `L9_BENCH_RUNS` times; printed: medians with min–max, and the ratio of the five in one process to the one
 * agent (target <= 2).
 *
 * Run: npm run bench:host   Env: L9_BENCH_RUNS (3), L9_BENCH_WARMUP (20), L9_BENCH_SETTLE_MS (3000).
 * Linux only (reads /proc). Builds the bundles first; exits non-zero when a start fails or a warm-up call errs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '@l9/runtime/shared';
import {
  agentBaseUrl,
  bundleAgents,
  bundleHost,
  deploymentPlan,
  localSecrets,
  readLockedPlan,
  startAgentProcess,
  startHostProcess,
  stopProcesses,
  waitForAgentsHealth,
  type AgentHostChoice,
  type DeployedAgent,
} from '../../packages/l9/src/deploy';
import { createEnvelope } from '../../packages/runtime/src/envelope/create-envelope';
import { signEnvelope } from '../../packages/runtime/src/envelope/sign-envelope';
import { summarize, type Samples } from './scratch-nx-workspace';
import { positive } from './runtime-figures';
import { setTimeout as sleep } from 'node:timers/promises';

const RUNS = positive('L9_BENCH_RUNS', 3);
const WARMUP = positive('L9_BENCH_WARMUP', 20);
const SETTLE_MS = positive('L9_BENCH_SETTLE_MS', 3000);
const TARGET_RATIO = 2;
const ecosystemRoot = join(__dirname, '..', '..', 'agents', 'tensoraios-ecosystem');

const mib = ({ median, min, max }: Samples): string =>
  `${median.toFixed(1)} MiB (${min.toFixed(1)}–${max.toFixed(1)})`;

function rssMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`/proc/${pid}/status has no VmRSS`);
  return Number(match[1]) / 1024;
}

/** One call; a server error or no answer stops the bench (a refusal of the made-up packet is an answer). */
async function call(url: string, init?: RequestInit): Promise<void> {
  const response = await fetch(url, init);
  await response.arrayBuffer();
  if (response.status >= 500) throw new Error(`${init?.method ?? 'GET'} ${url} answered ${response.status}`);
}

/** What a client of each agent does first: its health, status and Agent Card, and a signed packet. */
async function warmUp(agents: readonly DeployedAgent[], packetSecret: string): Promise<void> {
  for (let round = 0; round < WARMUP; round += 1) {
    await Promise.all(
      agents.map(async (agent) => {
        const base = agentBaseUrl(agent);
        await call(`${base}/${agent.routePrefix}/health`);
        await call(`${base}/${agent.routePrefix}/status`);
        await call(`${base}/.well-known/agent-card.json`);
        const envelope = signEnvelope(
          createEnvelope({
            packet_type: 'bench.warmup',
            source_agent: 'bench-client',
            destination_agent: agent.id,
            payload: { round },
          }),
          packetSecret,
        );
        await call(`${base}/${agent.routePrefix}/packets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(envelope),
        });
      }),
    );
  }
}

interface Mode {
  label: string;
  host: AgentHostChoice;
  /** Which of the plan's agents it starts. */
  pick: (agents: readonly DeployedAgent[]) => DeployedAgent[];
}

const MODES: Mode[] = [
  {
    label: 'one agent (TensorAIOS), own process',
    host: 'per-process',
    pick: (agents) => agents.filter((a) => a.id === 'tensoraios'),
  },
  { label: 'five agents, one process', host: 'one-process', pick: (agents) => [...agents] },
  { label: 'five agents, five processes (sum)', host: 'per-process', pick: (agents) => [...agents] },
];

/**
 * Starts the mode's agents from the bundles built at the start, as deploy starts them (its process starters, the
 * deployment's secrets), warms them up, lets them settle; the RSS of their processes together. Started directly
 * rather than through startDeployment, whose check against the sources would refuse the bundles as soon as
 * someone edits a source during the run: the figures are those of the bundles built here.
 */
async function measure(mode: Mode, logDir: string): Promise<number> {
  const locked = readLockedPlan(ecosystemRoot);
  const agents = mode.pick(
    deploymentPlan(locked, ecosystemRoot, await freePorts(locked.agents.length)).agents,
  );
  const env = { ...process.env, L9_LOG_LEVEL: 'warn' };
  const secrets = localSecrets(
    ecosystemRoot,
    agents.map((a) => a.id),
    env,
  );
  const processes =
    mode.host === 'one-process'
      ? startHostProcess(ecosystemRoot, agents, agents, logDir, env, (id) => secrets.envFor(id))
      : agents.map((agent) => startAgentProcess(agent, agents, logDir, env, secrets.envFor(agent.id)));
  try {
    await waitForAgentsHealth(processes, { deadline: Date.now() + 120_000, accept: ['ok'] });
    await warmUp(agents, secrets.packetSecret);
    await sleep(SETTLE_MS);
    const pids = [...new Set(processes.map((p) => p.pid))];
    return pids.reduce((sum, pid) => sum + rssMiB(pid), 0);
  } finally {
    await stopProcesses(processes);
  }
}

async function main(): Promise<void> {
  const locked = readLockedPlan(ecosystemRoot);
  const members = deploymentPlan(locked, ecosystemRoot, 1).agents;
  const building = Date.now();
  await bundleAgents(members.map((a) => a.projectRoot));
  await bundleHost(ecosystemRoot, members);
  process.stdout.write(
    `bundles of ${members.map((a) => a.name).join(', ')} and their host built in ${((Date.now() - building) / 1000).toFixed(1)} s\n`,
  );
  const samples = MODES.map(() => [] as number[]);
  const logDir = mkdtempSync(join(tmpdir(), 'l9-bench-host-'));
  try {
    for (let run = 0; run < RUNS; run += 1) {
      for (const [index, mode] of MODES.entries()) samples[index]!.push(await measure(mode, logDir));
    }
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
  process.stdout.write(
    `RSS ${SETTLE_MS} ms after ${WARMUP} warm-up rounds per agent, median (min–max) of ${RUNS} runs, embedded backends, packet auth on\n`,
  );
  const figures = samples.map(summarize);
  for (const [index, mode] of MODES.entries())
    process.stdout.write(`  ${mode.label.padEnd(40)} ${mib(figures[index]!)}\n`);
  const [one, hosted, separate] = figures as [Samples, Samples, Samples];
  const ratio = hosted.median / one.median;
  process.stdout.write(
    `five in one process / one agent: ${ratio.toFixed(2)}× (target <= ${TARGET_RATIO}×: ${ratio <= TARGET_RATIO ? 'met' : 'missed'}); five in one process / five processes: ${(hosted.median / separate.median).toFixed(2)}×\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
