import Fastify, { FastifyInstance } from 'fastify';
import { type HttpLimits, loadRuntimeConfig } from '../config/load-runtime-config';
import { agentSchemaController } from './route-schema-compilers';
import type { ServerMetrics } from './server-metrics';
import type { ServerSettings } from './server-options';

/**
 * The fastify instance an agent serves on, before any route: its logger level, the packet size as body limit,
 * check-only schema validation, the HTTP bounds, and every response's duration observed in `metrics`. The runtime
 * benchmark measures this layer on its own, so it is built in one place.
 *
 * The bounds (see `HttpLimits`, from the `L9_HTTP_*` variables) keep one client from holding the agent: a request
 * whose headers or body trickle in is answered 408 and cut off, an idle socket is closed, and connections beyond
 * the cap are refused. Node checks the header and request deadlines on a timer; it runs at a tenth of the header
 * timeout (at least every second) so a deadline is enforced close to when it passes.
 */
export function createAgentHttpLayer(
  settings: Pick<ServerSettings, 'logLevel' | 'limits' | 'http'>,
  metrics: ServerMetrics,
): FastifyInstance {
  const http: HttpLimits = settings.http ?? loadRuntimeConfig({}).http;
  const app = Fastify({
    logger: settings.logLevel === 'silent' ? false : { level: settings.logLevel },
    bodyLimit: settings.limits.maxPacketBytes,
    schemaController: agentSchemaController(),
    requestTimeout: http.requestTimeoutMs,
    connectionTimeout: http.idleTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    maxRequestsPerSocket: http.maxRequestsPerSocket,
    http: {
      headersTimeout: http.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, Math.ceil(http.headersTimeoutMs / 10)),
    },
  });
  app.server.maxConnections = http.maxConnections;
  // Callback style: an async hook would cost a promise on every request.
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
  return app;
}
