/**
 * What one agent costs in memory, run as it is deployed: the example's TensorAIOS from its bundle (the command
 * of AGENT_NODE_ARGUMENTS, `node --enable-source-maps --max-semi-space-size=2 --max-old-space-size=384 .l9/bundle/main.js`), embedded
 * backends, packet auth on, audit in a file, anchors configured, measured from outside by its resident set size:
 *
 *   npm run bench:memory
 *
 *  - idle: RSS `L9_BENCH_SETTLE_MS` after the agent first answers `/health`;
 *  - A2A: the highest RSS while the A2A load of `npm run bench:a2a` (a2a-loadgen.ts: JSON-RPC SendMessage calls
 *    with a caller token, `L9_BENCH_CONNECTIONS` at once) calls its `score_candidates` skill for `L9_BENCH_SECONDS`;
 *  - /packets: the same with the signed PacketEnvelopes of that load generator on `POST /tensoraios/packets`.
 * Each load runs against a freshly started agent, so neither figure carries the other's garbage. The highest RSS
 * is the kernel's peak (VmHWM, reset before the load starts), so no short spike between samples is missed. As a
 * baseline measured in the same run: a bare Node process serving one HTTP route, idle (the least any agent
 * written for Node costs). Printed: medians with min-max over `L9_BENCH_RUNS`, against the targets (idle <= 80
 * MiB, under load <= 128 MiB), and the ratio to the baseline; beside each load, the calls answered and the agent's
 * CPU time per call (what a flag that trades memory for garbage collection work would change).
 *
 * With `L9_BENCH_AGENT_FLAGS` (Node flags, e.g. `--max-semi-space-size=16`, V8's default) a second agent command
 * is measured in the same run, taking turns with the deployed one: the deployed arguments with those flags after
 * them (so they override the deployed ones), to see what a flag does to RSS, calls answered and CPU per call, as
 * ratios to the deployed command's medians.
 *
 * With `L9_BENCH_RETAINED=1` every agent also loads a probe (`-r`, with `--expose-gc`) that, signalled after
 * each load, collects all garbage and reports the heap still used: what the agent keeps from the calls it
 * answered (replay cache, memory records, guards, task store), printed per 1,000 calls. Unlike the peak, which
 * also holds the garbage of the last cycle, it is what the next cycle's limit grows from. Per call it divides out
 * how many calls the machine let through (until the bounded stores fill: the replay cache's 16 MiB, 10,000
 * memory records), so a change to what is kept shows on a busy machine too; the growth also holds the code the
 * first calls compiled, a few MiB, so compare it between agent commands at like call counts.
 *
 * Env: L9_BENCH_RUNS (3), L9_BENCH_SECONDS (10 per load), L9_BENCH_CONNECTIONS (10), L9_BENCH_SETTLE_MS (3000),
 * L9_BENCH_AGENT_FLAGS (unset), L9_BENCH_RETAINED (unset).
 * Linux only (reads /proc). Exits non-zero when a run fails or any answer is an error.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from '@l9/runtime/shared';
import {
  AGENT_NODE_ARGUMENTS,
  bundleAgents,
  checkHealth,
  startProcess,
  stopProcesses,
  superviseChild,
  waitUntilReady,
  type SupervisedProcess,
} from '../../packages/l9/src/deploy';
import { issueCallerToken } from '../../packages/runtime/src/caller/caller-token';
import { throwawayAnchors, throwawaySecrets } from '../../packages/runtime/src/config/throwaway-secrets';
import { nextMessage } from './child-ipc';
import { compileForBench } from './compile-for-bench';
import type { A2ALoadgenJob, A2ALoadgenReport, LoadgenCall } from './a2a-loadgen';
import type { A2ATarget } from './a2a-targets';
import { positive } from './runtime-figures';
import { setTimeout as sleep } from 'node:timers/promises';

const RUNS = positive('L9_BENCH_RUNS', 3);
const SECONDS = positive('L9_BENCH_SECONDS', 10);
const CONNECTIONS = positive('L9_BENCH_CONNECTIONS', 10);
const SETTLE_MS = positive('L9_BENCH_SETTLE_MS', 3000);
const AGENT_FLAGS = (process.env['L9_BENCH_AGENT_FLAGS'] ?? '').split(' ').filter((flag) => flag !== '');
const RETAINED = process.env['L9_BENCH_RETAINED'] === '1';
/** The agent commands measured: as deployed, and with L9_BENCH_AGENT_FLAGS before the bundle when they are set. */
const COMMANDS: ReadonlyArray<readonly string[]> = [
  AGENT_NODE_ARGUMENTS,
  ...(AGENT_FLAGS.length > 0
    ? [[...AGENT_NODE_ARGUMENTS.slice(0, -1), ...AGENT_FLAGS, ...AGENT_NODE_ARGUMENTS.slice(-1)]]
    : []),
];
const TARGETS = { idle: 80, load: 128 };
const ROOT = join(__dirname, '..', '..');
const NODE_PATH = [join(ROOT, 'packages', 'runtime', 'node_modules'), join(ROOT, 'node_modules')].join(
  delimiter,
);
const AGENT = {
  id: 'tensoraios',
  routePrefix: 'tensoraios',
  anchors: ['L9 Executive Architect', 'System Oversight Committee'],
};
const projectRoot = join(ROOT, 'agents', AGENT.id);
/**
 * A scoring call: candidates and their features, with calm values of the four signals TensorAIOS's escalation
 * policy reads (a missing signal escalates, fail closed), so every call is answered, none held for an anchor.
 */
const CALL: LoadgenCall = {
  skill: 'score_candidates',
  packetType: 'tensor-scorer',
  input: {
    candidates: [
      { id: 'doc-1', features: [0.12, 0.5] },
      { id: 'doc-2', features: [0.93, 0.31] },
    ],
    model_confidence: 0.9,
    criticality: 0.2,
    anomaly_score: 0.1,
    inference_latency_ms: 12,
  },
};

/** One field of /proc/<pid>/status in MiB: VmRSS (resident now) or VmHWM (the peak since start or the last reset). */
function procMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]) / 1024;
}

/**
 * CPU time the process has used (user + system), in µs, from /proc/<pid>/stat: the agent's cost per call, which
 * unlike calls per second does not depend on how much of the shared machine it got.
 */
function cpuMicros(pid: number): number {
  // The fields after the command name (which may hold spaces), from field 3 on: utime and stime are 14 and 15.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}

/** USER_HZ, the unit of /proc/<pid>/stat's times: 100 on Linux builds for x86 and arm. */
const CLOCK_TICKS = 100;

/** Makes VmHWM start again from the current RSS (`echo 5 > /proc/<pid>/clear_refs`, Linux 4.0+). */
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/**
 * The retained-heap probe (L9_BENCH_RETAINED): on SIGUSR2, two full collections, then the heap still used, in
 * bytes, written to the file L9_BENCH_RETAINED_FILE names. Written to the bench's scratch folder at start.
 */
const RETAINED_PROBE = `process.on('SIGUSR2', () => {
  globalThis.gc();
  globalThis.gc();
  require('node:fs').writeFileSync(process.env.L9_BENCH_RETAINED_FILE, String(process.memoryUsage().heapUsed));
});
`;

/** The heap the agent still uses after a full collection, in MiB, as its probe reports it (10 s at most). */
async function retainedMiB(agent: Running): Promise<number> {
  const file = agent.retainedFile as string;
  rmSync(file, { force: true });
  process.kill(agent.process.pid, 'SIGUSR2');
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(50)) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (text !== '') return Number(text) / 1024 / 1024;
  }
  throw new Error(`the agent's retained-heap probe did not answer within 10 s (${file})`);
}

interface Running {
  process: SupervisedProcess;
  url: string;
  /** Where the retained-heap probe writes (L9_BENCH_RETAINED). */
  retainedFile?: string;
  close(): Promise<void>;
}

/** Until the process answers `probe`, 60 s at most; an exit first fails with what it wrote (see waitUntilReady). */
async function running(
  started: SupervisedProcess,
  port: number,
  what: string,
  probe: () => Promise<{ ready: boolean; detail: string }>,
): Promise<Running> {
  const close = async () => void (await stopProcesses([started]));
  try {
    await waitUntilReady(started, probe, {
      deadline: Date.now() + 60_000,
      what,
      awaiting: 'answering',
      notReady: 'did not answer',
    });
  } catch (error) {
    await close();
    throw error;
  }
  return { process: started, url: `http://127.0.0.1:${port}`, close };
}

/**
 * The agent, started again on another port when it exits before answering: on a machine others share, a port
 * found free can be taken before the agent binds it.
 */
async function startAgent(
  command: readonly string[],
  secrets: Record<string, string>,
  directory: string,
): Promise<Running> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startAgentOnce(command, secrets, directory);
    } catch (error) {
      if (attempt === 3 || !(error instanceof EarlyExit)) throw error;
    }
  }
}

/** The agent exited before answering /health. */
class EarlyExit extends Error {}

/** The agent as deploy starts it, secure by default, with the A2A and packet budgets raised past the load. */
async function startAgentOnce(
  command: readonly string[],
  secrets: Record<string, string>,
  directory: string,
): Promise<Running> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...secrets,
    ...throwawayAnchors(AGENT.anchors, directory).env,
    L9_PORT: String(port),
    L9_HOST: '127.0.0.1',
    L9_LOG_LEVEL: 'silent',
    L9_AUDIT_FILE: join(directory, `audit-${port}.jsonl`),
    // The rate limiter is still consulted on every call, with a budget the load never exhausts.
    L9_RATE_LIMIT_BURST: '1000000000',
    L9_RATE_LIMIT_PER_SECOND: '1000000000',
    // autocannon does not reconnect when a socket reaches the per-socket request cap (see a2a-targets.ts).
    L9_HTTP_MAX_REQUESTS_PER_SOCKET: '0',
  };
  const retainedFile = join(directory, `retained-${port}`);
  const args = RETAINED
    ? [
        ...command.slice(0, -1),
        '--expose-gc',
        '-r',
        join(directory, 'retained-probe.js'),
        ...command.slice(-1),
      ]
    : command;
  if (RETAINED) env['L9_BENCH_RETAINED_FILE'] = retainedFile;
  const started = startProcess({ args, cwd: projectRoot, env });
  try {
    const agent = await running(started, port, `${AGENT.id} (bundle)`, async () => {
      const health = await checkHealth({ port, routePrefix: AGENT.routePrefix });
      return { ready: health.state === 'ok', detail: health.detail ?? health.state };
    });
    return RETAINED ? { ...agent, retainedFile } : agent;
  } catch (error) {
    throw started.exit ? new EarlyExit((error as Error).message) : error;
  }
}

/** The baseline: a bare Node process answering one HTTP route. */
async function startBaseline(): Promise<Running> {
  const port = await freePort();
  const script = `require('node:http').createServer((q, s) => s.end('{"status":"ok"}')).listen(${port}, '127.0.0.1')`;
  const started = startProcess({ args: ['-e', script], cwd: ROOT, env: { PATH: process.env['PATH'] } });
  return running(started, port, 'the baseline server', () =>
    fetch(`http://127.0.0.1:${port}/`).then(
      (response) => ({ ready: response.ok, detail: `answered ${response.status}` }),
      (error: Error) => ({ ready: false, detail: error.message }),
    ),
  );
}

/** Runs one load with a2a-loadgen.ts against the agent; every answer must be a good one. */
async function load(loadgenScript: string, target: A2ATarget): Promise<A2ALoadgenReport> {
  const child = fork(loadgenScript, [], {
    env: { ...process.env, NODE_PATH },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  superviseChild(child);
  const what = `${target.label} load generator`;
  const report = nextMessage(child, what, (message) => message['report'] as A2ALoadgenReport | undefined);
  const ready = nextMessage(child, what, (message) => (message['ready'] ? true : undefined));
  report.catch(() => undefined);
  const job: A2ALoadgenJob = {
    target,
    agentId: AGENT.id,
    seconds: SECONDS,
    connections: CONNECTIONS,
    poolSize: Math.ceil(SECONDS * 5_000),
    call: CALL,
  };
  child.send(job);
  await ready;
  child.send({ go: true });
  const result = await report;
  if (result.errors > 0 || result.non2xx > 0 || result.unexpected > 0) {
    throw new Error(
      `${target.label}: ${result.errors} errors, ${result.non2xx} non-2xx and ${result.unexpected} unexpected answers out of ${result.total}${result.firstUnexpected ? `; first wrong answer: ${result.firstUnexpected}` : ''}`,
    );
  }
  return result;
}

interface Sample {
  idle: number[];
  a2a: number[];
  packets: number[];
  calls: { a2a: number[]; packets: number[] };
  /** Agent CPU per answered call, µs. */
  cpu: { a2a: number[]; packets: number[] };
  /**
   * Heap kept after a full collection (L9_BENCH_RETAINED): before each load (idle) and after it, in MiB, and what
   * the load added per 1,000 calls answered, in KiB.
   */
  retained: { idle: number[]; a2a: number[]; packets: number[] };
  addedPerThousand: { a2a: number[]; packets: number[] };
}

const emptySample = (): Sample => ({
  idle: [],
  a2a: [],
  packets: [],
  calls: { a2a: [], packets: [] },
  cpu: { a2a: [], packets: [] },
  retained: { idle: [], a2a: [], packets: [] },
  addedPerThousand: { a2a: [], packets: [] },
});

async function baselineRss(): Promise<number> {
  const baseline = await startBaseline();
  try {
    await sleep(SETTLE_MS);
    return procMiB(baseline.process.pid, 'VmRSS');
  } finally {
    await baseline.close();
  }
}

async function oneRun(
  command: readonly string[],
  loadgenScript: string,
  directory: string,
  sample: Sample,
): Promise<void> {
  for (const kind of ['a2a', 'packets'] as const) {
    const secrets = throwawaySecrets();
    const agent = await startAgent(command, secrets, directory);
    try {
      await sleep(SETTLE_MS);
      sample.idle.push(procMiB(agent.process.pid, 'VmRSS'));
      // Measured on each agent before its load: what the calls added is the difference.
      const retainedBefore = RETAINED ? await retainedMiB(agent) : 0;
      if (RETAINED) sample.retained.idle.push(retainedBefore);
      const secret = secrets['L9_PACKET_SECRET'] as string;
      const target: A2ATarget =
        kind === 'a2a'
          ? {
              label: 'TensorAIOS A2A SendMessage',
              url: agent.url,
              path: `/${AGENT.routePrefix}/a2a`,
              kind,
              headers: {
                authorization: `Bearer ${await issueCallerToken({ secret, caller: 'bench-client', agent: AGENT.id })}`,
              },
              expect: 'TASK_STATE_COMPLETED',
            }
          : {
              label: 'TensorAIOS POST /packets',
              url: agent.url,
              path: `/${AGENT.routePrefix}/packets`,
              kind,
              headers: {},
              packetSecret: secret,
              expect: '"signature"',
            };
      resetPeak(agent.process.pid);
      const cpuBefore = cpuMicros(agent.process.pid);
      const report = await load(loadgenScript, target);
      sample[kind].push(procMiB(agent.process.pid, 'VmHWM'));
      sample.calls[kind].push(report.total);
      sample.cpu[kind].push((cpuMicros(agent.process.pid) - cpuBefore) / report.total);
      if (RETAINED) {
        const retainedAfter = await retainedMiB(agent);
        sample.retained[kind].push(retainedAfter);
        sample.addedPerThousand[kind].push(((retainedAfter - retainedBefore) * 1024 * 1000) / report.total);
      }
    } finally {
      await agent.close();
    }
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  return ((sorted[Math.floor(middle)] as number) + (sorted[Math.ceil(middle)] as number)) / 2;
};
const spread = (values: number[], digits = 1) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

async function main(): Promise<void> {
  if (process.platform !== 'linux') throw new Error('bench:memory reads /proc and runs on Linux only');
  const building = Date.now();
  await bundleAgents([projectRoot]);
  process.stdout.write(`bundle of ${AGENT.id} built in ${Date.now() - building} ms\n`);
  const directory = mkdtempSync(join(tmpdir(), 'l9-bench-memory-'));
  try {
    const loadgenScript = compileForBench(join(__dirname, 'a2a-loadgen.ts'), ROOT, directory);
    if (RETAINED) writeFileSync(join(directory, 'retained-probe.js'), RETAINED_PROBE);
    const baseline: number[] = [];
    const samples = COMMANDS.map(emptySample);
    for (let run = 0; run < RUNS; run += 1) {
      baseline.push(await baselineRss());
      // The commands take turns, the first one alternating, so neither always runs on a machine the other just warmed.
      const order = COMMANDS.map((_, index) => index);
      if (run % 2 === 1) order.reverse();
      for (const index of order) await oneRun(COMMANDS[index]!, loadgenScript, directory, samples[index]!);
    }
    const base = median(baseline);
    const verdict = (values: number[], target: number) =>
      `target <= ${target} MiB: ${median(values) <= target ? 'met' : 'missed'}; ${(median(values) / base).toFixed(2)}x the baseline`;
    const lines = [
      `npm run bench:memory — ${AGENT.id} from its bundle, RSS in MiB, median (min–max) of ${RUNS} runs, ${SECONDS} s per load, ${CONNECTIONS} connections, Node ${process.version}`,
      `  baseline, bare node:http server idle   ${spread(baseline)}`,
    ];
    for (const [index, command] of COMMANDS.entries()) {
      const sample = samples[index]!;
      lines.push(
        `node ${command.join(' ')}${index === 0 ? ' (as deployed)' : ''}`,
        `  idle (${SETTLE_MS} ms after /health)            ${spread(sample.idle)}   ${verdict(sample.idle, TARGETS.idle)}`,
        `  peak under A2A load                   ${spread(sample.a2a)}   ${verdict(sample.a2a, TARGETS.load)}  (${spread(sample.calls.a2a, 0)} calls answered, ${spread(sample.cpu.a2a, 0)} µs CPU each)`,
        `  peak under /packets load              ${spread(sample.packets)}   ${verdict(sample.packets, TARGETS.load)}  (${spread(sample.calls.packets, 0)} packets answered, ${spread(sample.cpu.packets, 0)} µs CPU each)`,
      );
      if (RETAINED)
        lines.push(
          `  heap kept after a full GC, MiB: idle ${spread(sample.retained.idle)}; after A2A ${spread(sample.retained.a2a)}, ${spread(sample.addedPerThousand.a2a, 0)} KiB added per 1,000 calls; after /packets ${spread(sample.retained.packets)}, ${spread(sample.addedPerThousand.packets, 0)} KiB per 1,000 packets`,
        );
      if (index > 0) {
        const deployed = samples[0]!;
        const ratio = (key: 'idle' | 'a2a' | 'packets') =>
          (median(sample[key]) / median(deployed[key])).toFixed(2);
        const answered = (key: 'a2a' | 'packets') =>
          (median(sample.calls[key]) / median(deployed.calls[key])).toFixed(2);
        const cpu = (key: 'a2a' | 'packets') =>
          (median(sample.cpu[key]) / median(deployed.cpu[key])).toFixed(2);
        const kept = (key: 'a2a' | 'packets') =>
          (median(sample.addedPerThousand[key]) / median(deployed.addedPerThousand[key])).toFixed(2);
        lines.push(
          `  against as deployed: RSS idle ${ratio('idle')}x, A2A ${ratio('a2a')}x, /packets ${ratio('packets')}x; calls answered A2A ${answered('a2a')}x, /packets ${answered('packets')}x; CPU per call A2A ${cpu('a2a')}x, /packets ${cpu('packets')}x${RETAINED ? `; heap kept per call A2A ${kept('a2a')}x, /packets ${kept('packets')}x` : ''}`,
        );
      }
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
