/**
 * Load generator child of tools/bench/runtime.ts. It runs in its own process so its CPU and memory (autocannon,
 * the pool of pre-signed envelopes) are not charged to the measured servers.
 *
 * Receives one `LoadgenJob` message, signs a pool of unique envelopes with the job's secret, reports `ready`,
 * waits for `{ go: true }`, then drives the target and sends back one `LoadgenReport` (or `{ error }`) and exits.
 */
import { createEnvelope } from '../../packages/runtime/src/envelope/create-envelope';
import { autocannon } from './autocannon';
import { freshSignedPacket } from './fresh-signed-packet';

export interface LoadgenJob {
  url: string;
  path: string;
  seconds: number;
  connections: number;
  secret: string;
  poolSize: number;
}

export interface LoadgenReport {
  requestsPerSecond: number;
  total: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Envelopes that had to be signed during the run because the pre-signed pool ran out. */
  signedDuringRun: number;
}

const TEMPLATE = createEnvelope({
  packet_type: 'score.request',
  source_agent: 'main-agent',
  destination_agent: 'tensoraios',
  payload: {
    query: 'rank candidate documents',
    items: [0.12, 0.5, 0.93, 0.31],
    options: { top_k: 3, explain: false },
  },
});

async function run(job: LoadgenJob): Promise<LoadgenReport> {
  // Each child starts its ids at a random offset so two runs against one agent never reuse an id.
  const base = Math.floor(Math.random() * 0x7000000);
  const pool = Array.from({ length: job.poolSize }, (_, index) =>
    freshSignedPacket(TEMPLATE, job.secret, base + index),
  );
  let next = 0;
  let signedDuringRun = 0;
  const take = () => {
    if (next < pool.length) return pool[next++];
    signedDuringRun += 1;
    return freshSignedPacket(TEMPLATE, job.secret, base + next++);
  };
  // The parent reads the server's CPU clock between `ready` and `go`, so signing the pool is not in the window.
  const go = new Promise((resolve) => process.once('message', resolve));
  process.send?.({ ready: true });
  await go;
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    requests: [
      {
        method: 'POST',
        path: job.path,
        headers: { 'content-type': 'application/json' },
        setupRequest: (request: object) => ({ ...request, body: take() }),
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
    signedDuringRun,
  };
}

process.once('message', (job: LoadgenJob) => {
  run(job).then(
    (report) => process.send?.({ report }, () => process.exit(0)),
    (error: unknown) =>
      process.send?.({ error: error instanceof Error ? error.message : String(error) }, () =>
        process.exit(1),
      ),
  );
});
