/**
 * What a deployed agent costs to start and to keep: the five agents of the example, started together as
 * `deploy` starts them (each its own process, embedded backends), once from their bundles and once from the
 * TypeScript sources through @swc-node/register (how `serve` runs them, and how deployments ran them before
 * the bundles), the two taking turns. Prints, per mode, the median time until every agent answers `/health`
 * and the median RSS of each agent a few seconds after that, and the bundle's share of the loader's figures.
 *
 * Run: node -r @swc-node/register tools/bench/agent-start.ts   Env: L9_BENCH_RUNS (5), L9_BENCH_SETTLE_MS (3000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  checkHealth,
  deploymentPlan,
  readLockedPlan,
  type DeployedAgent,
} from '../../packages/l9/src/deploy';
import { agentEnvironment } from '../../packages/l9/src/deploy/agent-environment';
import { AGENT_NODE_ARGUMENTS } from '../../packages/l9/src/deploy/agent-entry';
import { bundleAgents } from '../../packages/l9/src/deploy/agent-bundle';
import { freePortBase } from '../../packages/l9/src/deploy/testing/free-port-base';
import { rssMiB } from './pipeline/measure-path';
import { median } from './scratch-nx-workspace';

const RUNS = Number(process.env['L9_BENCH_RUNS'] ?? 5);
const SETTLE_MS = Number(process.env['L9_BENCH_SETTLE_MS'] ?? 3000);
const ecosystemRoot = join(__dirname, '..', '..', 'agents', 'tensoraios-ecosystem');
const MODES = { bundle: AGENT_NODE_ARGUMENTS, loader: ['-r', '@swc-node/register', 'src/main.ts'] } as const;
type Mode = keyof typeof MODES;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function healthy(agent: DeployedAgent, child: ChildProcess): Promise<void> {
  while ((await checkHealth(agent)).state !== 'ok') {
    if (child.exitCode !== null)
      throw new Error(`${agent.name} exited with code ${child.exitCode} before answering /health`);
    await sleep(20);
  }
}

/** One start of every agent: milliseconds until all are healthy, and each agent's RSS after settling. */
async function startAll(mode: Mode): Promise<{ readyMs: number; rss: number[] }> {
  const locked = readLockedPlan(ecosystemRoot);
  const plan = deploymentPlan(locked, ecosystemRoot, await freePortBase(locked.agents.length));
  const env = { ...process.env, L9_LOG_LEVEL: 'warn' };
  const started = process.hrtime.bigint();
  const children = plan.agents.map((agent) =>
    spawn(process.execPath, [...MODES[mode]], {
      cwd: agent.projectRoot,
      env: agentEnvironment(agent, plan.agents, env),
      stdio: 'ignore',
    }),
  );
  try {
    await Promise.all(plan.agents.map((agent, i) => healthy(agent, children[i]!)));
    const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
    await sleep(SETTLE_MS);
    return { readyMs, rss: children.map((child) => rssMiB(child.pid!)) };
  } finally {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) =>
            child.exitCode !== null
              ? resolve()
              : (child.once('exit', () => resolve()), child.kill('SIGTERM')),
          ),
      ),
    );
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
  for (let run = 0; run < RUNS; run += 1) {
    for (const mode of Object.keys(MODES) as Mode[]) {
      const { readyMs, rss } = await startAll(mode);
      samples[mode].readyMs.push(readyMs);
      samples[mode].rss.push(rss);
    }
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
