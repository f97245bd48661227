/**
 * Loopback benchmark of the agent server's packet path against a bare fastify route, in one process.
 *
 *   node -r @swc-node/register tools/bench/runtime.ts
 *
 * Env: L9_BENCH_DURATION_S (default 5 per target), L9_BENCH_CONNECTIONS (default 10).
 * Both targets receive the same kind of body (a freshly signed, unique v2 envelope), so the ratio is the cost
 * of envelope validation, signature check, replay cache, rate limit, in-memory audit, handler and the signed
 * response envelope over fastify's own JSON handling. Exits non-zero only when the run itself fails.
 */
import Fastify from 'fastify';
import { createEnvelope } from '../../packages/runtime/src/envelope/create-envelope';
import { PacketEnvelope } from '../../packages/runtime/src/envelope/envelope-schema';
import { signEnvelope } from '../../packages/runtime/src/envelope/sign-envelope';
import { createAgentServer } from '../../packages/runtime/src/server/create-agent-server';
import type { AuditEntry } from '../../packages/runtime/src/server/server-hooks';

// autocannon ships no type declarations; this is the part of its API the benchmark uses.
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  setupRequest(request: AutocannonRequest): AutocannonRequest & { body: string };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon: (options: Record<string, unknown>) => Promise<AutocannonResult> = require('autocannon');

const SECRET = 'bench-packet-secret-0123456789abcdef';
const DURATION_S = Number(process.env['L9_BENCH_DURATION_S'] ?? 5);
const CONNECTIONS = Number(process.env['L9_BENCH_CONNECTIONS'] ?? 10);
const POOL_SIZE = Number(process.env['L9_BENCH_POOL'] ?? 40_000);

function signedPacket(): string {
  const envelope: PacketEnvelope = createEnvelope({
    packet_type: 'score.request',
    source_agent: 'main-agent',
    destination_agent: 'tensoraios',
    payload: { query: 'rank candidate documents', items: [0.12, 0.5, 0.93, 0.31], options: { top_k: 3, explain: false } },
  });
  return JSON.stringify(signEnvelope(envelope, SECRET));
}

/** Pre-signed unique envelopes; once the pool is used up, new ones are signed during the run and counted. */
class EnvelopePool {
  private readonly pool: string[];
  private next = 0;
  signedDuringRun = 0;
  constructor(size: number) {
    this.pool = Array.from({ length: size }, signedPacket);
  }
  take(): string {
    if (this.next < this.pool.length) return this.pool[this.next++];
    this.signedDuringRun += 1;
    return signedPacket();
  }
}

async function drive(label: string, url: string, path: string, pool: EnvelopePool): Promise<AutocannonResult> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        setupRequest: (request: AutocannonRequest) => ({ ...request, body: pool.take() }),
      },
    ],
  });
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${label}: ${result.errors} errors, ${result.non2xx} non-2xx answers out of ${result.requests.total}`);
  return result;
}

async function main(): Promise<void> {
  const bare = Fastify();
  bare.post('/bare', async () => ({}));
  const audited: AuditEntry[] = [];
  const agent = createAgentServer({
    identity: { id: 'tensoraios', name: 'TensorAIOS', version: '6.0.0', routePrefix: 'tensoraios' },
    settings: { auth: { required: true, secret: SECRET }, rateLimit: { capacity: 1e9, refillPerSecond: 1e9 }, logLevel: 'silent' },
    audit: {
      append: async (entry) => {
        // Keep a bounded tail so a long run measures the audit call, not an ever-growing array.
        audited.push(entry);
        if (audited.length > 10_000) audited.splice(0, 5_000);
      },
    },
    packetHandler: (envelope) => ({ payload: { scored: (envelope.payload['items'] as number[]).length } }),
  });
  try {
    const bareUrl = `http://127.0.0.1:${(await bare.listen({ port: 0, host: '127.0.0.1' }), (bare.server.address() as { port: number }).port)}`;
    const agentUrl = await agent.listen(0, '127.0.0.1');
    process.stdout.write(`signing ${POOL_SIZE} envelopes per target, ${DURATION_S}s each, ${CONNECTIONS} connections\n`);
    const barePool = new EnvelopePool(POOL_SIZE);
    const bareResult = await drive('bare fastify', bareUrl, '/bare', barePool);
    const agentPool = new EnvelopePool(POOL_SIZE);
    const agentResult = await drive('agent packets', agentUrl, '/tensoraios/packets', agentPool);
    const ratio = agentResult.requests.average / bareResult.requests.average;
    const rssMiB = process.memoryUsage().rss / (1024 * 1024);
    const line = (label: string, r: AutocannonResult) =>
      `${label.padEnd(28)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   (${r.requests.total} requests)`;
    process.stdout.write(`${line('bare fastify POST', bareResult)}\n`);
    process.stdout.write(`${line('agent POST /packets', agentResult)}\n`);
    process.stdout.write(`ratio agent/bare: ${ratio.toFixed(2)} (target >= 0.5: ${ratio >= 0.5 ? 'met' : 'missed'})\n`);
    process.stdout.write(`envelopes signed during the agent run (pool exhausted): ${agentPool.signedDuringRun}\n`);
    process.stdout.write(`RSS: ${rssMiB.toFixed(1)} MiB\n`);
  } finally {
    await Promise.all([bare.close(), agent.close()]);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
