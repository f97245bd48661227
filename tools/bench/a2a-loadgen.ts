/**
 * Load generator child of tools/bench/a2a.ts, in its own process so its CPU is not charged to the server.
 * Receives one `A2ALoadgenJob`, prepares its bodies, reports `ready`, waits for `{ go: true }`, drives the
 * target with autocannon and sends back one `A2ALoadgenReport` (or `{ error }`), then exits.
 *
 * `a2a`: JSON-RPC `SendMessage` calls of the `echo` skill, each with a fresh messageId (ids are cheap, built
 * while sending). `packets`: signed PacketEnvelopes, each unique and freshly timestamped, signed before the run
 * (a pool; beyond it they are signed on the fly and counted). Every answer must contain the target's `expect`
 * text: a JSON-RPC error or a failed task answers 200 too, and would otherwise count as served.
 */
import { randomUUID } from 'node:crypto';
import { createEnvelope } from '../../packages/runtime/src/envelope/create-envelope';
import type { JsonObject } from '../../packages/runtime/src/envelope/envelope-schema';
import type { A2ATarget } from './a2a-targets';
import { autocannon } from './autocannon';
import { freshSignedPacket } from './fresh-signed-packet';

export interface A2ALoadgenJob {
  target: A2ATarget;
  /** Agent id the packets are addressed to. */
  agentId: string;
  seconds: number;
  connections: number;
  poolSize: number;
  /** What every call sends (memory.ts drives an example agent); default: the `echo` skill and packet with INPUT. */
  call?: LoadgenCall;
}

export interface LoadgenCall {
  skill: string;
  packetType: string;
  input: JsonObject;
}

export interface A2ALoadgenReport {
  requestsPerSecond: number;
  total: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** 2xx answers without the expected text (JSON-RPC errors, tasks that did not complete, unsigned answers). */
  unexpected: number;
  /** The first such answer or non-2xx answer, to say what went wrong. */
  firstUnexpected?: string;
  signedDuringRun: number;
}

/** The call's input: a calm governance signal (risk), text and numbers, as the echo skill's schema takes them. */
const ECHO: LoadgenCall = {
  skill: 'echo',
  packetType: 'echo.request',
  input: { text: 'rank candidate documents', items: [0.12, 0.5, 0.93, 0.31], risk: 0.1 },
};

function a2aBody(sequence: number, call: LoadgenCall): string {
  const message = {
    messageId: randomUUID(),
    role: 'ROLE_USER',
    parts: [{ data: call.input, mediaType: 'application/json' }],
    metadata: { skill: call.skill },
  };
  return JSON.stringify({ jsonrpc: '2.0', id: sequence, method: 'SendMessage', params: { message } });
}

function packetSigner(job: A2ALoadgenJob): (sequence: number) => string {
  const call = job.call ?? ECHO;
  const template = createEnvelope({
    packet_type: call.packetType,
    source_agent: 'bench-peer',
    destination_agent: job.agentId,
    payload: call.input,
  });
  const secret = job.target.packetSecret;
  if (!secret) throw new Error(`${job.target.label}: no packet secret to sign with`);
  return (sequence) => freshSignedPacket(template, secret, sequence);
}

async function run(job: A2ALoadgenJob): Promise<A2ALoadgenReport> {
  const base = Math.floor(Math.random() * 0x7000000);
  let next = 0;
  let signedDuringRun = 0;
  let take: () => string;
  if (job.target.kind === 'packets') {
    const sign = packetSigner(job);
    const pool = Array.from({ length: job.poolSize }, (_, index) => sign(base + index));
    take = () => {
      if (next < pool.length) return pool[next++] as string;
      signedDuringRun += 1;
      return sign(base + next++);
    };
  } else {
    take = () => a2aBody(next++, job.call ?? ECHO);
  }
  let unexpected = 0;
  let firstUnexpected: string | undefined;
  const go = new Promise((resolve) => process.once('message', resolve));
  process.send?.({ ready: true });
  await go;
  const result = await autocannon({
    url: job.target.url,
    connections: job.connections,
    duration: job.seconds,
    requests: [
      {
        method: 'POST',
        path: job.target.path,
        // A2A 1.0 clients name the protocol version; without it a server takes the call as 0.3.
        headers: {
          'content-type': 'application/json',
          ...(job.target.kind === 'a2a' ? { 'a2a-version': '1.0' } : {}),
          ...job.target.headers,
        },
        setupRequest: (request: object) => ({ ...request, body: take() }),
        onResponse: (status: number, body: string) => {
          if (status >= 300) firstUnexpected ??= `HTTP ${status}: ${body.slice(0, 400)}`;
          else if (!body.includes(job.target.expect)) {
            unexpected += 1;
            firstUnexpected ??= body.slice(0, 400);
          }
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    unexpected,
    ...(firstUnexpected !== undefined ? { firstUnexpected } : {}),
    signedDuringRun,
  };
}

process.once('message', (job: A2ALoadgenJob) => {
  run(job).then(
    (report) => process.send?.({ report }, () => process.exit(0)),
    (error: unknown) =>
      process.send?.({ error: error instanceof Error ? error.message : String(error) }, () =>
        process.exit(1),
      ),
  );
});
