/**
 * The audit log's durable group commit alone, against the least a durable hash-chained append does, in one
 * process and one run, with no HTTP in the way (on a shared machine the HTTP benches also measure how much CPU
 * each server got; this one measures what the flushes cost):
 *
 *   node -r @swc-node/register tools/bench/runtime-audit-commit.ts
 *
 *  - L9: `AuditLog` on a `FileAuditStore` with fsync, as an agent with `L9_AUDIT_FILE` runs it: an append resolves
 *    once its entry is flushed and a signed head covering it is flushed after it; a checkpoint every 100 entries.
 *  - reference: `ChainedFile` (a2a-chained-file.ts, what bench:a2a's minimal fastify route appends with): one
 *    HMAC-chained line per record and one `fdatasync` per group, no signed head.
 * Each side runs `L9_BENCH_APPENDERS` closed-loop writers (append, wait for the acknowledgement, append again),
 * as the HTTP benches' connections do, for `L9_BENCH_SECONDS`, in a fresh directory; the sides take turns for
 * `L9_BENCH_ROUNDS` rounds whose order alternates. Printed: appends per second and acknowledgement latency
 * (p50, p99), medians with min–max, and the ratio of the medians with the range of the per-round ratios.
 * Env: L9_BENCH_SECONDS (3), L9_BENCH_ROUNDS (5), L9_BENCH_APPENDERS (10). Exits non-zero when an append fails.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../packages/runtime/src/audit/audit-log';
import { ephemeralAuditSigningKey } from '../../packages/runtime/src/audit/audit-signing-key';
import { FileAuditStore } from '../../packages/runtime/src/audit/file-audit-store';
import { ChainedFile } from './a2a-chained-file';
import { median, positive, spread } from './runtime-figures';

const SECONDS = positive('L9_BENCH_SECONDS', 3);
const ROUNDS = positive('L9_BENCH_ROUNDS', 5);
const APPENDERS = positive('L9_BENCH_APPENDERS', 10);
const KEY = 'bench-audit-key-0123456789abcdef0123456789';

interface Appender {
  append(sequence: number): Promise<unknown>;
  close(): Promise<void>;
}

/** What the packet route audits per packet, with a fresh id. */
function packetRecord(sequence: number) {
  return {
    at: new Date().toISOString(),
    packet_type: 'echo.request',
    source_agent: 'bench-peer',
    destination_agent: 'echo-desk',
    trace_id: `trace-${sequence}`,
    content_hash: 'c0ffee'.repeat(10) + 'c0ff',
    governance: 'allow',
  };
}

async function l9(directory: string): Promise<Appender> {
  const log = await AuditLog.open({
    store: new FileAuditStore({ path: join(directory, 'audit.jsonl'), fsync: true }),
    key: KEY,
    signingKey: ephemeralAuditSigningKey(),
    logId: 'echo-desk',
  });
  return {
    append: (sequence) =>
      log.appendTrusted({
        agent: 'echo-desk',
        action: 'packet.received',
        subject: `packet-${sequence}`,
        data: packetRecord(sequence),
      }),
    close: () => log.close(),
  };
}

async function reference(directory: string): Promise<Appender> {
  const chain = new ChainedFile(join(directory, 'chain.jsonl'), KEY);
  return {
    append: (sequence) =>
      chain.append({ action: 'packet.received', packet_id: `packet-${sequence}`, ...packetRecord(sequence) }),
    close: async () => chain.close(),
  };
}

interface Run {
  perSecond: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

async function run(open: (directory: string) => Promise<Appender>): Promise<Run> {
  const directory = await mkdtemp(join(tmpdir(), 'l9-bench-audit-commit-'));
  const appender = await open(directory);
  try {
    const latencies: number[] = [];
    let sequence = 0;
    const started = performance.now();
    const until = started + SECONDS * 1000;
    const writer = async () => {
      while (performance.now() < until) {
        const sent = performance.now();
        await appender.append(sequence++);
        latencies.push(performance.now() - sent);
      }
    };
    await Promise.all(Array.from({ length: APPENDERS }, writer));
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      perSecond: latencies.length / elapsed,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
    };
  } finally {
    await appender.close();
    await rm(directory, { recursive: true, force: true });
  }
}

function row(label: string, runs: Run[]): string {
  return `| ${label.padEnd(44)} | ${spread(runs.map((r) => r.perSecond)).padStart(22)} | ${spread(
    runs.map((r) => r.p50),
    1,
  ).padStart(18)} | ${spread(
    runs.map((r) => r.p99),
    1,
  ).padStart(18)} |`;
}

async function main(): Promise<void> {
  const sides = { l9: [] as Run[], reference: [] as Run[] };
  // One unmeasured run each, so neither side pays for the first file creations and compilations.
  await run(l9);
  await run(reference);
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? (['l9', 'reference'] as const) : (['reference', 'l9'] as const);
    for (const side of order) sides[side].push(await run(side === 'l9' ? l9 : reference));
  }
  const ratios = sides.l9.map((r, index) => r.perSecond / (sides.reference[index] as Run).perSecond);
  const ratio = median(sides.l9.map((r) => r.perSecond)) / median(sides.reference.map((r) => r.perSecond));
  process.stdout.write(
    `bench runtime-audit-commit — ${ROUNDS} rounds of ${SECONDS}s, ${APPENDERS} closed-loop appenders, Node ${process.version}\n\n`,
  );
  process.stdout.write(
    `| ${'appender'.padEnd(44)} | ${'appends/s median (min–max)'.padStart(22)} | ${'ack p50 ms'.padStart(18)} | ${'ack p99 ms'.padStart(18)} |\n`,
  );
  process.stdout.write(`|${'-'.repeat(46)}|${'-'.repeat(23)}:|${'-'.repeat(19)}:|${'-'.repeat(19)}:|\n`);
  process.stdout.write(
    `${row('L9 AuditLog, file store, fsync (signed head)', sides.l9)}\n${row('reference: chained line, one fdatasync/group', sides.reference)}\n\n`,
  );
  process.stdout.write(
    `ratio L9/reference (medians): ${ratio.toFixed(2)}, per round ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
