/**
 * Loopback benchmark of one agent's `POST /<prefix>/packets` (envelope validation, signature check, replay
 * cache, rate limit, hash-chained audit append, handler, signed response) against a bare fastify JSON route.
 *
 *   node -r @swc-node/register tools/bench/runtime.ts
 *
 * Three kinds of process, so each figure belongs to what it names:
 *  - this one only orchestrates and prints;
 *  - one server process (runtime-server.ts) hosts the servers; its RSS is the reported memory figure. It runs
 *    ahead-of-time compiled JavaScript, not through the TypeScript loader, so the figure is the runtime's own;
 *  - one load generator process (runtime-loadgen.ts, autocannon plus its pre-signed envelopes) per measurement.
 * Three targets take turns `L9_BENCH_ROUNDS` times (default 2) and their medians are compared, to damp the noise of
 * a shared machine: the bare fastify route; the agent's HTTP layer alone (its fastify options, the compiled
 * envelope schema, the metrics hook and a constant answer of a response's size), whose ratio to bare is the
 * most any pipeline on that layer could reach; and the agent's `POST /packets`. Next to throughput it prints the
 * server's CPU time (user + system) per answered request of each target: on a machine whose cores are shared
 * with the load generator and other work, requests per second also measure how much CPU the server got, while
 * CPU per request is its own cost.
 * Env: L9_BENCH_SECONDS (5 per measurement), L9_BENCH_CONNECTIONS (10), L9_BENCH_AUDIT (file | memory; file),
 * L9_BENCH_CPU_PROF (directory: write a V8 CPU profile of the server), L9_BENCH_ONLY (bare | framework | agent:
 * measure one target, e.g. to profile it alone; no ratio is printed), L9_BENCH_SERVER_FLAGS (Node flags of the
 * server process only, e.g. `--max-semi-space-size=8` to see what a young-generation cap does to RSS and CPU).
 * Exits non-zero when a run fails or any answer is an error.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { superviseChild } from '../../packages/l9/src/deploy';
import { nextMessage } from './child-ipc';
import { compileForBench } from './compile-for-bench';
import type { LoadgenJob, LoadgenReport } from './runtime-loadgen';
import type { ServerMessage, ServerStats } from './runtime-server';
import type { BenchTarget } from './runtime-targets';
import { positive } from './runtime-figures';

const SECRET = 'bench-packet-secret-0123456789abcdef';
const SECONDS = positive('L9_BENCH_SECONDS', 5);
const CONNECTIONS = positive('L9_BENCH_CONNECTIONS', 10);
const ROUNDS = positive('L9_BENCH_ROUNDS', 2);
const AUDIT = process.env['L9_BENCH_AUDIT'] === 'memory' ? 'memory' : 'file';
const CPU_PROF = process.env['L9_BENCH_CPU_PROF'];
const TARGETS = ['bare', 'framework', 'agent'] as const;
type TargetName = (typeof TARGETS)[number];
const ONLY = process.env['L9_BENCH_ONLY'];
if (ONLY !== undefined && !(TARGETS as readonly string[]).includes(ONLY))
  throw new Error(`L9_BENCH_ONLY must be one of ${TARGETS.join(', ')}, got ${JSON.stringify(ONLY)}`);
const SERVER_FLAGS = (process.env['L9_BENCH_SERVER_FLAGS'] ?? '').split(' ').filter((flag) => flag !== '');
// Enough unique envelopes for 40k req/s; beyond that the child signs on the fly and says so.
const POOL_SIZE = SECONDS * 40_000;
const ROOT = join(__dirname, '..', '..');
const MiB = 1024 * 1024;

/** A server or load generator, supervised: stopped with this process on Ctrl-C or SIGTERM, killed when it exits. */
function start(script: string, execArgv: string[] = []): ChildProcess {
  const child = fork(script, [], {
    execArgv,
    env: {
      ...process.env,
      NODE_PATH: join(ROOT, 'node_modules'),
      L9_BENCH_SECRET: SECRET,
      L9_BENCH_AUDIT: AUDIT,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  superviseChild(child);
  return child;
}

/** The server process's CPU time so far, in µs. */
function serverCpu(server: ChildProcess): Promise<number> {
  const reply = nextMessage(server, 'server', (message) => message['cpu'] as number | undefined);
  server.send({ cpu: true });
  return reply;
}

interface Measured extends LoadgenReport {
  /** Server CPU time (user + system) during the run, in µs. */
  serverCpu: number;
}

async function measure(server: ChildProcess, loadgenScript: string, target: BenchTarget): Promise<Measured> {
  const child = start(loadgenScript);
  const job: LoadgenJob = {
    url: target.url,
    path: target.path,
    seconds: SECONDS,
    connections: CONNECTIONS,
    secret: SECRET,
    poolSize: POOL_SIZE,
  };
  const report = nextMessage(
    child,
    `${target.label} load generator`,
    (message) => message['report'] as LoadgenReport | undefined,
  );
  const ready = nextMessage(child, `${target.label} load generator`, (message) =>
    message['ready'] ? true : undefined,
  );
  // Awaited below; until then a failure surfaces through `ready`, so this one must not count as unhandled.
  report.catch(() => undefined);
  child.send(job);
  // The pool is signed before the child reports ready; the CPU window starts when the load does.
  await ready;
  const cpuBefore = await serverCpu(server);
  child.send({ go: true });
  const result = await report;
  const cpuAfter = await serverCpu(server);
  if (result.errors > 0 || result.non2xx > 0)
    throw new Error(
      `${target.label}: ${result.errors} errors, ${result.non2xx} non-2xx answers out of ${result.total}`,
    );
  return { ...result, serverCpu: cpuAfter - cpuBefore };
}

/** Median of each figure across runs (the mean of the middle two for an even count). */
function median(reports: LoadgenReport[]): Pick<LoadgenReport, 'requestsPerSecond' | 'p50' | 'p99'> {
  const of = (pick: (report: LoadgenReport) => number) => {
    const sorted = reports.map(pick).sort((a, b) => a - b);
    const middle = (sorted.length - 1) / 2;
    return (sorted[Math.floor(middle)] + sorted[Math.ceil(middle)]) / 2;
  };
  return { requestsPerSecond: of((r) => r.requestsPerSecond), p50: of((r) => r.p50), p99: of((r) => r.p99) };
}

/** Server CPU µs per answered request over all runs of one target. */
function cpuPerRequest(runs: Measured[]): number {
  return (
    runs.reduce((sum, run) => sum + run.serverCpu, 0) /
    Math.max(
      1,
      runs.reduce((sum, run) => sum + run.total, 0),
    )
  );
}

function line(label: string, runs: Measured[]): string {
  const m = median(runs);
  const each = runs.map((r) => r.requestsPerSecond.toFixed(0)).join(', ');
  return `${label.padEnd(22)} ${m.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${m.p50} ms   p99 ${m.p99} ms   server CPU ${cpuPerRequest(runs).toFixed(0)} µs/request   (runs: ${each})`;
}

/** Throughput of `runs` against bare fastify's (medians), then bare's server CPU per request against theirs. */
function ratioLine(
  label: string,
  short: string,
  runs: Measured[],
  bareRuns: Measured[],
  verdict: (ratio: number) => string,
): string {
  const ratio = median(runs).requestsPerSecond / median(bareRuns).requestsPerSecond;
  return `ratio ${label}/bare (medians): ${ratio.toFixed(2)}${verdict(ratio)}; server CPU per request bare/${short}: ${(cpuPerRequest(bareRuns) / cpuPerRequest(runs)).toFixed(2)}`;
}

async function main(): Promise<void> {
  const buildDir = mkdtempSync(join(tmpdir(), 'l9-bench-build-'));
  let server: ChildProcess | undefined;
  try {
    const serverScript = compileForBench(join(__dirname, 'runtime-server.ts'), ROOT, buildDir);
    const loadgenScript = compileForBench(join(__dirname, 'runtime-loadgen.ts'), ROOT, buildDir);
    server = start(serverScript, [
      ...SERVER_FLAGS,
      ...(CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] : []),
    ]);
    const targets = await nextMessage(
      server,
      'server',
      (message) => (message as ServerMessage & { ready?: Record<TargetName, BenchTarget> }).ready,
    );
    const measured = TARGETS.filter((name) => ONLY === undefined || ONLY === name);
    process.stdout.write(
      `${ROUNDS} rounds of ${measured.join('/')}, ${SECONDS}s each, ${CONNECTIONS} connections, audit store: ${AUDIT}${SERVER_FLAGS.length > 0 ? `, server flags: ${SERVER_FLAGS.join(' ')}` : ''}\n`,
    );
    const runs: Record<TargetName, Measured[]> = { bare: [], framework: [], agent: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const name of measured) runs[name].push(await measure(server, loadgenScript, targets[name]));
    }
    const { bare: bareRuns, framework: frameworkRuns, agent: agentRuns } = runs;
    const statsReply = nextMessage(
      server,
      'server',
      (message) => message['stats'] as ServerStats | undefined,
    );
    server.send({ stats: true });
    const stats = await statsReply;
    const agentTotal = agentRuns.reduce((sum, run) => sum + run.total, 0);
    const signedDuringRun = [...bareRuns, ...frameworkRuns, ...agentRuns].reduce(
      (sum, run) => sum + run.signedDuringRun,
      0,
    );
    for (const name of measured) process.stdout.write(`${line(targets[name].label, runs[name])}\n`);
    if (bareRuns.length > 0 && frameworkRuns.length > 0) {
      process.stdout.write(
        `${ratioLine('HTTP layer only', 'layer', frameworkRuns, bareRuns, () => ': the most any packet pipeline on this layer could reach')}\n`,
      );
    }
    if (bareRuns.length > 0 && agentRuns.length > 0) {
      process.stdout.write(
        `${ratioLine('agent', 'agent', agentRuns, bareRuns, (ratio) => ` (target >= 0.50: ${ratio >= 0.5 ? 'met' : 'missed'})`)}\n`,
      );
    }
    process.stdout.write(
      `server RSS max: ${(stats.rssMax / MiB).toFixed(1)} MiB, idle after start ${(stats.rssIdle / MiB).toFixed(1)} MiB (target < 100 MB: ${stats.rssMax < 100e6 ? 'met' : 'missed'})\n`,
    );
    process.stdout.write(
      `audit entries: ${stats.audited} for ${agentTotal} answered agent requests; envelopes signed during runs (pool ran out): ${signedDuringRun}\n`,
    );
  } finally {
    if (server?.connected) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.send({ close: true });
      await exited;
    }
    rmSync(buildDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
