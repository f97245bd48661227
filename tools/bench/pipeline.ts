/**
 * Envelopes per second through the three-agent path of the example (PlastOSAdapter → MainAgent → TensorAIOS,
 * `payload.route` forwarding, every hop validated, governed, audited and answered), p50/p99 latency and the RSS
 * of every agent process: once on embedded backends, once on real ones (a private redis-server and a fresh
 * PostgreSQL database, both removed afterwards). The load generator runs in this process; all share the CPUs.
 *
 * Run: node -r @swc-node/register tools/bench/pipeline.ts   Env: L9_BENCH_SECONDS (10), L9_BENCH_CONNECTIONS (8),
 * L9_BENCH_ONLY (embedded | real).
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '@l9/runtime/shared';
import { deploymentPlan, readLockedPlan, startDeployment } from '../../packages/l9/src/deploy';
import { calmSignals } from '../main-job/calm-signals';
import { measurePath, type PathFigures } from './pipeline/measure-path';
import { startPrivateBackends } from './pipeline/private-backends';

const ROUTE = ['plastos-adapter', 'main-agent', 'tensoraios'];
const positive = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!(value > 0)) throw new Error(`${name} must be a number above 0`);
  return value;
};
const SECONDS = positive('L9_BENCH_SECONDS', 10);
const CONNECTIONS = positive('L9_BENCH_CONNECTIONS', 8);
const ecosystemRoot = join(__dirname, '..', '..', 'agents', 'tensoraios-ecosystem');
/** The rate limit stays on (every packet consults the bucket) with a budget the benchmark never exhausts. */
const RATE = {
  L9_RATE_LIMIT_BURST: '1000000000',
  L9_RATE_LIMIT_PER_SECOND: '1000000000',
  L9_LOG_LEVEL: 'warn',
};

async function run(label: string, backends: Record<string, string>): Promise<PathFigures> {
  const locked = readLockedPlan(ecosystemRoot);
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^L9_(REDIS|POSTGRES|NEO4J)_URL$/.test(key)),
  );
  const deployment = await startDeployment({
    plan: deploymentPlan(locked, ecosystemRoot, await freePorts(locked.agents.length)),
    env: { ...base, ...RATE, ...backends },
  });
  try {
    // Calm values of every signal the route's rules read, as the main job sends: each envelope is answered.
    const signals = calmSignals(join(ecosystemRoot, '..'), ROUTE);
    await measurePath(deployment, ROUTE, Math.min(2, SECONDS), CONNECTIONS, signals);
    const figures = await measurePath(deployment, ROUTE, SECONDS, CONNECTIONS, signals);
    const rss = ROUTE.map((id) => `${id} ${figures.rssMiB[id]} MiB`).join(', ');
    process.stdout.write(
      `${label.padEnd(9)} ${String(figures.perSecond).padStart(6)} envelopes/s  p50 ${figures.p50Ms} ms  p99 ${figures.p99Ms} ms  (${figures.envelopes} ok, ${figures.failed} failed)  RSS ${rss}\n`,
    );
    return figures;
  } finally {
    await deployment.stop();
  }
}

async function main(): Promise<void> {
  process.stdout.write(
    `${ROUTE.join(' → ')}: ${CONNECTIONS} concurrent senders, ${SECONDS} s per measurement, ${cpus().length} CPUs\n`,
  );
  const only = process.env['L9_BENCH_ONLY'];
  if (only !== 'real') await run('embedded', {});
  if (only !== 'embedded') {
    const backends = await startPrivateBackends();
    try {
      await run('real', backends.env);
    } finally {
      await backends.close();
    }
  }
}

main().catch((error: Error) => {
  process.stderr.write(`pipeline bench failed: ${error.message}\n`);
  process.exitCode = 1;
});
