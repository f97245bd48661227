import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Backend } from '../backend-health';
import { loadRuntimeConfig } from '../config/load-runtime-config';
import { RateLimiter } from '../guards/rate-limiter';
import { createAgentHttpLayer } from './agent-http-layer';
import { closeWithin } from './close-within';
import { registerEndpointRoutes, runEndpointCall, type EndpointCallOrigin } from './endpoint-routes';
import { HttpOutcome } from './error-body';
import { registerErrorHandlers } from './error-handlers';
import { ReplayGate } from './replay-gate';
import { MAX_CLOCK_SKEW_MS, processPacket } from './packet-pipeline';
import { packetRouteOptions } from './packet-route-schema';
import { ServerMetrics } from './server-metrics';
import type { AgentServerOptions, PacketHandler, ServerSettings } from './server-options';
import { registerStatusRoutes } from './status-routes';

export interface AgentServer {
  app: FastifyInstance;
  metrics: ServerMetrics;
  settings: ServerSettings;
  /**
   * Calls the declared endpoint `name` with `input` on behalf of `request` (its caller token and governance
   * headers), through the same admission as the endpoint's own route; `undefined` when no endpoint has that name.
   * For the agent's other protocols (MCP, A2A), so every door leads through one set of checks.
   */
  callEndpoint(
    name: string,
    request: FastifyRequest,
    input: unknown,
    origin: EndpointCallOrigin,
  ): Promise<HttpOutcome> | undefined;
  /** Listens and resolves to the base URL, e.g. `http://127.0.0.1:8000`. */
  listen(port: number, host: string): Promise<string>;
  /**
   * Stops accepting requests, lets in-flight ones finish within the request timeout (`L9_HTTP_REQUEST_TIMEOUT_MS`,
   * after which the connections still open are cut), then closes every backend.
   */
  close(): Promise<void>;
}

/** What a remembered outcome holds: its JSON text (UTF-16 code units counted as bytes) and headers. */
function replayedBytes(outcome: HttpOutcome): number {
  let bytes = typeof outcome.body === 'string' ? outcome.body.length : 0;
  for (const name in outcome.headers) bytes += name.length + (outcome.headers[name]?.length ?? 0);
  return bytes;
}

const acknowledge: PacketHandler = (envelope) => ({ payload: { received: envelope.packet_id } });

export function createAgentServer(options: AgentServerOptions): AgentServer {
  const { identity } = options;
  if (!/^[A-Za-z0-9._~-]+$/.test(identity.routePrefix))
    throw new Error(
      `identity.routePrefix must be one URL path segment, got ${JSON.stringify(identity.routePrefix)}`,
    );
  const defaults = loadRuntimeConfig({});
  const settings: ServerSettings = {
    auth: options.settings?.auth ?? defaults.auth,
    limits: options.settings?.limits ?? defaults.limits,
    rateLimit: options.settings?.rateLimit ?? defaults.rateLimit,
    replay: options.settings?.replay ?? defaults.replay,
    logLevel: options.settings?.logLevel ?? defaults.logLevel,
    http: options.settings?.http ?? defaults.http,
  };
  if (settings.auth.required && !settings.auth.secret)
    throw new Error('packet auth is required but no packet secret is configured (L9_PACKET_SECRET)');
  const now = options.now ?? Date.now;
  const backends: Record<string, Backend> = options.backends ?? {};
  const metrics = new ServerMetrics(identity, options.collectDefaultMetrics ?? true);

  const app = createAgentHttpLayer(settings, metrics);
  const packetsPath = `/${identity.routePrefix}/packets`;
  registerErrorHandlers(app, (url, code) => url === packetsPath && metrics.packetRejected(code));

  registerStatusRoutes(app, {
    identity,
    backends,
    metrics,
    healthTimeoutMs: options.healthTimeoutMs ?? 2000,
    startedAt: now(),
    now,
    ...(options.security ? { security: options.security } : {}),
  });
  // One limiter for packets and endpoint calls: an identity draws from one bucket whichever door it uses.
  const limiter = new RateLimiter({ ...settings.rateLimit, now });
  const admission = {
    identity,
    settings,
    limiter,
    governance: options.governance,
    audit: options.audit,
    now,
  };
  const endpoints = options.endpoints ?? [];
  registerEndpointRoutes(app, endpoints, admission);
  const endpointsByName = new Map(endpoints.map((endpoint) => [endpoint.name, endpoint]));

  const deps = {
    identity,
    settings,
    handler: options.packetHandler ?? acknowledge,
    replay: new ReplayGate({
      // A timestamp may run MAX_CLOCK_SKEW_MS ahead, which keeps its packet acceptable that much longer.
      ttlMs: settings.replay.windowMs + MAX_CLOCK_SKEW_MS,
      maxEntries: settings.replay.maxEntries,
      maxBytes: settings.replay.maxBytes,
      sizeOf: replayedBytes,
      guard: options.replayGuard,
      now,
    }),
    limiter,
    metrics,
    audit: options.audit,
    governance: options.governance,
    events: options.events,
    now,
  };
  app.post(packetsPath, packetRouteOptions(), async (request, reply) => {
    const outcome = await processPacket(
      request.body,
      deps,
      request.log,
      request.validationError === undefined,
      request.ip,
    );
    if (outcome.headers) void reply.headers(outcome.headers);
    if (outcome.replayed) void reply.header('idempotent-replay', 'true');
    if (typeof outcome.body === 'string') void reply.type('application/json; charset=utf-8');
    return reply.code(outcome.statusCode).send(outcome.body);
  });

  return {
    app,
    metrics,
    settings,
    callEndpoint(name, request, input, origin) {
      const endpoint = endpointsByName.get(name);
      return endpoint ? runEndpointCall(endpoint, request, input, admission, origin) : undefined;
    },
    async listen(port, host) {
      await app.listen({ port, host });
      const address = app.server.address();
      if (address === null || typeof address === 'string')
        throw new Error('agent server did not bind a TCP port');
      return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    },
    async close() {
      await closeWithin(app, settings.http!.requestTimeoutMs);
      const results = await Promise.allSettled(Object.values(backends).map((backend) => backend.close()));
      const failed = results.filter(
        (result): result is PromiseRejectedResult => result.status === 'rejected',
      );
      if (failed.length > 0)
        throw new AggregateError(
          failed.map((result) => result.reason),
          `${failed.length} backend(s) failed to close`,
        );
    },
  };
}
