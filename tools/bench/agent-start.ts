/**
 * What a deployed agent costs to start and to keep: the five agents of the example, started together as
 * `deploy` starts them (each its own process, embedded backends), once from their bundles and once from the
 * TypeScript sources through @swc-node/register (how `serve` runs them, and how deployments ran them before
 * the bundles), the two taking turns. Prints, per mode, the median time until every agent answers `/health`
 * and the median RSS of each agent a few seconds after that, and the bundle's share of the loader's figures.
 *
 * Run: node -r @swc-node/register tools/bench/agent-start.ts   Env: L9_BENCH_RUNS (5), L9_BENCH_SETTLE_MS (3000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '@l9/runtime/shared';
import {
  AGENT_NODE_ARGUMENTS,
  bundleAgents,
  deploymentPlan,
  readLockedPlan,
  startAgentProcess,
  stopProcesses,
  waitForAgentsHealth,
} from '../../packages/l9/src/deploy';
import { rssMiB } from './pipeline/measure-path';
import { median } from './scratch-nx-workspace';
import { setTimeout as sleep } from 'node:timers/promises';

const RUNS = Number(process.env['L9_BENCH_RUNS'] ?? 5);
const SETTLE_MS = Number(process.env['L9_BENCH_SETTLE_MS'] ?? 3000);
const ecosystemRoot = join(__dirname, '..', '..', 'agents', 'tensoraios-ecosystem');
const MODES = { bundle: AGENT_NODE_ARGUMENTS, loader: ['-r', '@swc-node/register', 'src/main.ts'] } as const;
type Mode = keyof typeof MODES;

/** One start of every agent: milliseconds until all are healthy, and each agent's RSS after settling. */
async function startAll(mode: Mode, logDir: string): Promise<{ readyMs: number; rss: number[] }> {
  const locked = readLockedPlan(ecosystemRoot);
  const plan = deploymentPlan(locked, ecosystemRoot, await freePorts(locked.agents.length));
  const env = { ...process.env, L9_LOG_LEVEL: 'warn' };
  const started = process.hrtime.bigint();
  // Supervised as deploy starts them: an interrupted run stops them instead of leaving them behind.
  const processes = plan.agents.map((agent) =>
    startAgentProcess(agent, plan.agents, logDir, env, {}, MODES[mode]),
  );
  try {
    await waitForAgentsHealth(processes, { deadline: Date.now() + 120_000, accept: ['ok'] });
    const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
    await sleep(SETTLE_MS);
    return { readyMs, rss: processes.map((p) => rssMiB(p.pid)) };
  } finally {
    await stopProcesses(processes);
  }
}

async function main(): Promise<void> {
  const bundling = process.hrtime.bigint();
  const locked = readLockedPlan(ecosystemRoot);
  const names = locked.agents.map((a) => a.name);
  await bundleAgents(deploymentPlan(locked, ecosystemRoot, 0).agents.map((a) => a.projectRoot));
  process.stdout.write(
    `bundles of ${names.join(', ')} built in ${(Number(process.hrtime.bigint() - bundling) / 1e6).toFixed(0)} ms\n`,
  );
  const samples: Record<Mode, { readyMs: number[]; rss: number[][] }> = {
    bundle: { readyMs: [], rss: [] },
    loader: { readyMs: [], rss: [] },
  };
  const logDir = mkdtempSync(join(tmpdir(), 'l9-bench-agent-start-'));
  try {
    for (let run = 0; run < RUNS; run += 1) {
      for (const mode of Object.keys(MODES) as Mode[]) {
        const { readyMs, rss } = await startAll(mode, logDir);
        samples[mode].readyMs.push(readyMs);
        samples[mode].rss.push(rss);
      }
    }
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
  const figures = (mode: Mode) => {
    const perAgent = names.map((_, i) => median(samples[mode].rss.map((run) => run[i]!)));
    return { readyMs: median(samples[mode].readyMs), perAgent, total: perAgent.reduce((a, b) => a + b, 0) };
  };
  const bundle = figures('bundle');
  const loader = figures('loader');
  process.stdout.write(
    `five agents started together, median of ${RUNS}, RSS ${SETTLE_MS} ms after all answered /health\n`,
  );
  for (const [label, f] of [
    ['bundle', bundle],
    ['ts loader', loader],
  ] as const) {
    process.stdout.write(
      `${label.padEnd(10)} all healthy after ${f.readyMs.toFixed(0)} ms; RSS ${f.perAgent.map((r) => r.toFixed(0)).join(' / ')} MiB, ${f.total.toFixed(0)} MiB in all\n`,
    );
  }
  process.stdout.write(
    `bundle / ts loader: start ${(bundle.readyMs / loader.readyMs).toFixed(2)}, RSS ${(bundle.total / loader.total).toFixed(2)}\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
