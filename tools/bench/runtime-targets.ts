import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { AuditLog } from '../../packages/runtime/src/audit/audit-log';
import { ephemeralAuditSigningKey } from '../../packages/runtime/src/audit/audit-signing-key';
import { FileAuditStore } from '../../packages/runtime/src/audit/file-audit-store';
import { MemoryAuditStore } from '../../packages/runtime/src/audit/memory-audit-store';
import { loadRuntimeConfig } from '../../packages/runtime/src/config/load-runtime-config';
import { createEnvelope } from '../../packages/runtime/src/envelope/create-envelope';
import { sealChildEnvelope } from '../../packages/runtime/src/envelope/seal-child-envelope';
import { createAgentHttpLayer } from '../../packages/runtime/src/server/agent-http-layer';
import { auditLogSink } from '../../packages/runtime/src/server/audit-log-sink';
import { createAgentServer } from '../../packages/runtime/src/server/create-agent-server';
import { packetRouteOptions } from '../../packages/runtime/src/server/packet-route-schema';
import { ServerMetrics } from '../../packages/runtime/src/server/server-metrics';

export interface BenchTarget {
  label: string;
  url: string;
  path: string;
}

export interface BenchTargets {
  bare: BenchTarget;
  framework: BenchTarget;
  agent: BenchTarget;
  /** Entries the agent's audit log holds at the end, as a check that every packet was audited. */
  auditedCount(): number;
  close(): Promise<void>;
}

const IDENTITY = { id: 'tensoraios', name: 'TensorAIOS', version: '6.0.0', routePrefix: 'tensoraios' };
const PACKETS_PATH = `/${IDENTITY.routePrefix}/packets`;

/**
 * The agent's HTTP layer without its packet pipeline: the layer every agent serves on (`createAgentHttpLayer`:
 * check-only ajv, body limit, the request-duration histogram, with the default process metrics the agent also
 * collects), the compiled PacketEnvelope schema on the route, and one constant answer the size of a signed
 * response envelope. Whatever this costs beyond the bare route is spent before any pipeline step runs, so its
 * ratio to bare is the most any pipeline on this HTTP layer could reach.
 */
function httpLayerOnly(secret: string): FastifyInstance {
  const app = createAgentHttpLayer(loadRuntimeConfig(UNCAPPED_SOCKETS), new ServerMetrics(IDENTITY, true));
  const request = createEnvelope({
    packet_type: 'score.request',
    source_agent: 'main-agent',
    destination_agent: IDENTITY.id,
    payload: { items: [0.12, 0.5, 0.93, 0.31] },
  });
  const answer = sealChildEnvelope(
    request,
    { payload: { scored: 4 }, source_agent: IDENTITY.id, destination_agent: 'main-agent', at: Date.now() },
    secret,
  ).json;
  app.post(PACKETS_PATH, packetRouteOptions(), async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(answer),
  );
  return app;
}

/**
 * autocannon keeps its connections and does not open a new one when the server closes a socket that reached
 * L9_HTTP_MAX_REQUESTS_PER_SOCKET (default 1,000), so every later request on it would fail: the measured servers
 * run without that cap, as the bare route does.
 */
const UNCAPPED_SOCKETS = { L9_HTTP_MAX_REQUESTS_PER_SOCKET: '0' };

/**
 * The three servers under test, in this (the measured) process. The agent runs with the runtime's default
 * settings (replay window, replay cache size, body limit) except the rate limit, whose budget is raised so the
 * bucket is still consulted on every packet but never refuses the benchmark's single source.
 * `L9_REPLAY_CACHE_BYTES` from the environment is passed on, to see what the replay cache's budget costs in RSS.
 *
 * Audit goes to a real hash-chained `AuditLog`. By default its store is a JSON-lines file in a temporary
 * directory: the memory store keeps every entry for the life of the process (it must, to verify the chain), so
 * with it the server's RSS grows with the number of packets sent and the figure would depend on run length.
 * `L9_BENCH_AUDIT=memory` selects it anyway.
 */
export async function startTargets(secret: string, auditStore: 'file' | 'memory'): Promise<BenchTargets> {
  const bare = Fastify();
  bare.post('/bare', async () => ({ ok: true }));
  const framework = httpLayerOnly(secret);
  const directory = await mkdtemp(join(tmpdir(), 'l9-bench-audit-'));
  const store =
    auditStore === 'memory'
      ? new MemoryAuditStore()
      : new FileAuditStore({ path: join(directory, 'audit.jsonl') });
  // A key pair of its own per run: the log lives in a fresh directory and nobody verifies it after the run.
  const log = await AuditLog.open({ store, key: `${secret}-audit`, signingKey: ephemeralAuditSigningKey() });
  let audited = 0;
  const sink = auditLogSink(log, 'tensoraios');
  const replayBytes = process.env['L9_REPLAY_CACHE_BYTES'];
  const config = loadRuntimeConfig({
    L9_PACKET_SECRET: secret,
    L9_RATE_LIMIT_BURST: '1000000000',
    L9_RATE_LIMIT_PER_SECOND: '1000000000',
    ...UNCAPPED_SOCKETS,
    ...(replayBytes ? { L9_REPLAY_CACHE_BYTES: replayBytes } : {}),
  });
  const agent = createAgentServer({
    identity: IDENTITY,
    settings: config,
    audit: { append: (record) => sink.append(record).then(() => (audited += 1)) },
    packetHandler: (envelope) => ({ payload: { scored: (envelope.payload['items'] as number[]).length } }),
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  await framework.listen({ port: 0, host: '127.0.0.1' });
  const agentUrl = await agent.listen(0, '127.0.0.1');
  return {
    bare: {
      label: 'bare fastify POST',
      url: `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`,
      path: '/bare',
    },
    framework: {
      label: 'agent HTTP layer only',
      url: `http://127.0.0.1:${(framework.server.address() as { port: number }).port}`,
      path: PACKETS_PATH,
    },
    agent: { label: 'agent POST /packets', url: agentUrl, path: PACKETS_PATH },
    auditedCount: () => audited,
    async close() {
      await Promise.all([bare.close(), framework.close(), agent.close()]);
      await log.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
