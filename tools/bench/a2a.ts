/**
 * Loopback benchmark of an L9 agent against what a user would run in its place, in one run on one machine:
 *
 *   npm run bench:a2a
 *
 *  1. A2A: an L9 agent's `SendMessage` (JSON-RPC at `/<prefix>/a2a`; packet auth on with a caller token,
 *     governance evaluating every call, one audit entry per call in an fsync'd file, acknowledged before the
 *     answer, the rate limiter consulted) against a reference agent built with `@a2a-js/sdk` on express as the
 *     SDK documents it, whose executor only echoes (no auth, no audit). Target: L9 >= 1.0x the reference's
 *     requests per second. Two references: `a2a` echoes with a message (the least an A2A agent answers),
 *     `a2a-task` with a completed task carrying the input as its artifact — the answer L9 gives — through the
 *     SDK's own task bookkeeping (four events, each stored; L9 stores a blocking call's task once).
 *  2. PacketEnvelope: the agent's `POST /<prefix>/packets` against a minimal fastify route doing the same
 *     cryptographic work (payload hash and HMAC over canonical JSON, a signed answer, one HMAC-chained line
 *     appended and fsync'd per packet, group-committed). Target: >= 0.8x.
 * See a2a-targets.ts for each server. Each server runs alone in its own process (a2a-server.ts, compiled
 * JavaScript), each measurement in its own load generator process (a2a-loadgen.ts, autocannon). Within a
 * comparison the two sides take turns: one unmeasured warm-up each, then `L9_BENCH_ROUNDS` rounds whose order
 * alternates. Printed: medians with min-max of requests per second, p50 and p99 latency, server CPU per
 * request, and the ratio of the medians with the range of the per-round ratios. On a shared machine absolute
 * numbers move with the neighbours' load; the ratio is the figure.
 * Env: L9_BENCH_SECONDS (5 per measurement), L9_BENCH_WARMUP_SECONDS (3), L9_BENCH_ROUNDS (3),
 * L9_BENCH_CONNECTIONS (10), L9_BENCH_PARTS (a2a,a2a-task,packets), L9_BENCH_CPU_PROF (directory: a V8 CPU
 * profile of each server, `<target>.cpuprofile`, summarized per request after the figures by
 * cpu-profile-summary.ts). Exits non-zero when a run fails or any answer is an error.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { superviseChild } from '../../packages/l9/src/deploy';
import { ask, closeChild, nextMessage } from './child-ipc';
import { compileForBench } from './compile-for-bench';
import type { A2ALoadgenJob, A2ALoadgenReport } from './a2a-loadgen';
import { BENCH_AGENT, type A2ATarget, type A2ATargetName } from './a2a-targets';
import { summarizeCpuProfile } from './cpu-profile-summary';
import { median, positive, spread } from './runtime-figures';

const SECONDS = positive('L9_BENCH_SECONDS', 5);
const WARMUP_SECONDS = positive('L9_BENCH_WARMUP_SECONDS', 3);
const ROUNDS = positive('L9_BENCH_ROUNDS', 3);
const CONNECTIONS = positive('L9_BENCH_CONNECTIONS', 10);
const CPU_PROF = process.env['L9_BENCH_CPU_PROF'];
const ROOT = join(__dirname, '..', '..');
const MiB = 1024 * 1024;
// The runtime's own dependencies first (its ajv 8 is not the workspace root's), then the workspace's.
const NODE_PATH = [join(ROOT, 'packages', 'runtime', 'node_modules'), join(ROOT, 'node_modules')].join(
  delimiter,
);

interface Comparison {
  part: string;
  l9: A2ATargetName;
  reference: A2ATargetName;
  target: number;
}

const COMPARISONS: Comparison[] = [
  { part: 'a2a', l9: 'l9-a2a', reference: 'sdk-express', target: 1.0 },
  { part: 'a2a-task', l9: 'l9-a2a', reference: 'sdk-express-task', target: 1.0 },
  { part: 'packets', l9: 'l9-packets', reference: 'minimal-packets', target: 0.8 },
];
const PARTS = (process.env['L9_BENCH_PARTS'] ?? 'a2a,a2a-task,packets').split(',').map((part) => part.trim());
const unknownPart = PARTS.find((part) => !COMPARISONS.some((comparison) => comparison.part === part));
if (unknownPart !== undefined)
  throw new Error(
    `L9_BENCH_PARTS: unknown part ${JSON.stringify(unknownPart)}; the parts are ${COMPARISONS.map((c) => c.part).join(', ')}`,
  );

/** A server or load generator, supervised: stopped with this process on Ctrl-C or SIGTERM, killed when it exits. */
function start(script: string, env: NodeJS.ProcessEnv = {}, execArgv: string[] = []): ChildProcess {
  const child = fork(script, [], {
    execArgv,
    env: { ...process.env, NODE_PATH, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  superviseChild(child);
  return child;
}

interface Measured extends A2ALoadgenReport {
  /** Server CPU time (user + system) during the run, in µs. */
  serverCpu: number;
}

interface Server {
  name: A2ATargetName;
  child: ChildProcess;
  target: A2ATarget;
  /** Requests answered over the server's life, warm-ups included: what its CPU profile covers. */
  answered: number;
}

const cpuOf = (server: Server) =>
  ask(server.child, server.target.label, { cpu: true }, (message) => message['cpu'] as number | undefined);

async function measure(server: Server, loadgenScript: string, seconds: number): Promise<Measured> {
  const child = start(loadgenScript);
  const what = `${server.target.label} load generator`;
  const report = nextMessage(child, what, (message) => message['report'] as A2ALoadgenReport | undefined);
  const ready = nextMessage(child, what, (message) => (message['ready'] ? true : undefined));
  report.catch(() => undefined);
  const job: A2ALoadgenJob = {
    target: server.target,
    agentId: BENCH_AGENT.id,
    seconds,
    connections: CONNECTIONS,
    poolSize: Math.ceil(seconds * 40_000),
  };
  child.send(job);
  await ready;
  const cpuBefore = await cpuOf(server);
  child.send({ go: true });
  const result = await report;
  const cpuAfter = await cpuOf(server);
  if (result.errors > 0 || result.non2xx > 0 || result.unexpected > 0) {
    throw new Error(
      `${server.target.label}: ${result.errors} errors, ${result.non2xx} non-2xx and ${result.unexpected} unexpected answers out of ${result.total}${result.firstUnexpected ? `; first wrong answer: ${result.firstUnexpected}` : ''}`,
    );
  }
  server.answered += result.total;
  return { ...result, serverCpu: cpuAfter - cpuBefore };
}

function cpuPerRequest(runs: Measured[]): number {
  return (
    runs.reduce((sum, run) => sum + run.serverCpu, 0) /
    Math.max(
      1,
      runs.reduce((sum, run) => sum + run.total, 0),
    )
  );
}

function row(label: string, runs: Measured[]): string {
  const rps = spread(runs.map((r) => r.requestsPerSecond));
  const p50 = spread(runs.map((r) => r.p50));
  const p99 = spread(runs.map((r) => r.p99));
  return `| ${label.padEnd(30)} | ${rps.padStart(20)} | ${p50.padStart(12)} | ${p99.padStart(12)} | ${cpuPerRequest(runs).toFixed(0).padStart(6)} |`;
}

async function compare(
  comparison: Comparison,
  servers: Map<A2ATargetName, Server>,
  loadgenScript: string,
): Promise<string[]> {
  const l9 = servers.get(comparison.l9) as Server;
  const reference = servers.get(comparison.reference) as Server;
  await measure(l9, loadgenScript, WARMUP_SECONDS);
  await measure(reference, loadgenScript, WARMUP_SECONDS);
  const runs = { l9: [] as Measured[], reference: [] as Measured[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    // The order alternates, so neither side always runs right after the other's load.
    const order = round % 2 === 0 ? (['l9', 'reference'] as const) : (['reference', 'l9'] as const);
    for (const side of order)
      runs[side].push(await measure(side === 'l9' ? l9 : reference, loadgenScript, SECONDS));
  }
  const ratios = runs.l9.map(
    (run, index) => run.requestsPerSecond / (runs.reference[index] as Measured).requestsPerSecond,
  );
  const ratio =
    median(runs.l9.map((r) => r.requestsPerSecond)) / median(runs.reference.map((r) => r.requestsPerSecond));
  const stats = await ask(
    l9.child,
    l9.target.label,
    { stats: true },
    (message) => message['stats'] as { rssMax: number; audited: number } | undefined,
  );
  const answered = [...runs.l9].reduce((sum, run) => sum + run.total, 0);
  return [
    row(l9.target.label, runs.l9),
    row(reference.target.label, runs.reference),
    `ratio ${comparison.part} L9/reference (medians): ${ratio.toFixed(2)}, per round ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} (target >= ${comparison.target.toFixed(1)}: ${ratio >= comparison.target ? 'met' : 'missed'}); server CPU per request reference/L9: ${(cpuPerRequest(runs.reference) / cpuPerRequest(runs.l9)).toFixed(2)}`,
    `  L9 server: RSS max ${(stats.rssMax / MiB).toFixed(1)} MiB, audit entries ${stats.audited} (${answered} measured answers, plus the warm-up)`,
  ];
}

async function main(): Promise<void> {
  const buildDir = mkdtempSync(join(tmpdir(), 'l9-bench-a2a-build-'));
  const servers = new Map<A2ATargetName, Server>();
  try {
    const serverScript = compileForBench(join(__dirname, 'a2a-server.ts'), ROOT, buildDir);
    const loadgenScript = compileForBench(join(__dirname, 'a2a-loadgen.ts'), ROOT, buildDir);
    const comparisons = COMPARISONS.filter((comparison) => PARTS.includes(comparison.part));
    for (const comparison of comparisons) {
      for (const name of [comparison.l9, comparison.reference]) {
        if (servers.has(name)) continue;
        // Every server, the references too, so a profile can be read against the one it is compared with.
        const profile = CPU_PROF
          ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF, '--cpu-prof-name', `${name}.cpuprofile`]
          : [];
        const child = start(serverScript, { L9_BENCH_TARGET: name }, profile);
        servers.set(name, {
          name,
          child,
          target: await nextMessage(child, name, (message) => message['ready'] as A2ATarget | undefined),
          answered: 0,
        });
      }
    }
    process.stdout.write(
      `npm run bench:a2a — ${ROUNDS} rounds of ${SECONDS}s (after a ${WARMUP_SECONDS}s warm-up each), ${CONNECTIONS} connections, loopback, Node ${process.version}\n\n`,
    );
    process.stdout.write(
      `| ${'server'.padEnd(30)} | ${'req/s median (min–max)'.padStart(20)} | ${'p50 ms'.padStart(12)} | ${'p99 ms'.padStart(12)} | µs CPU/req |\n`,
    );
    process.stdout.write(
      `|${'-'.repeat(32)}|${'-'.repeat(24)}:|${'-'.repeat(13)}:|${'-'.repeat(13)}:|${'-'.repeat(11)}:|\n`,
    );
    const summaries: string[] = [];
    for (const comparison of comparisons) {
      const [l9Row, referenceRow, ...rest] = await compare(comparison, servers, loadgenScript);
      process.stdout.write(`${l9Row}\n${referenceRow}\n`);
      summaries.push(...rest);
    }
    process.stdout.write(`\n${summaries.join('\n')}\n`);
  } finally {
    await Promise.all([...servers.values()].map((server) => closeChild(server.child)));
    rmSync(buildDir, { recursive: true, force: true });
  }
  // Written by each server as it exits, above.
  if (CPU_PROF)
    for (const server of servers.values())
      if (server.answered > 0)
        process.stdout.write(
          `\n${summarizeCpuProfile(join(CPU_PROF, `${server.name}.cpuprofile`), server.answered).join('\n')}\n`,
        );
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
