import Fastify, { FastifyInstance } from 'fastify';
import { CHECK_ONLY_AJV_OPTIONS } from './packet-route-schema';
import type { ServerMetrics } from './server-metrics';
import type { ServerSettings } from './server-options';

/**
 * The fastify instance an agent serves on, before any route: its logger level, the packet size as body limit,
 * check-only schema validation, and every response's duration observed in `metrics`. The runtime benchmark
 * measures this layer on its own, so it is built in one place.
 */
export function createAgentHttpLayer(settings: Pick<ServerSettings, 'logLevel' | 'limits'>, metrics: ServerMetrics): FastifyInstance {
  const app = Fastify({
    logger: settings.logLevel === 'silent' ? false : { level: settings.logLevel },
    bodyLimit: settings.limits.maxPacketBytes,
    ajv: { customOptions: CHECK_ONLY_AJV_OPTIONS },
  });
  // Callback style: an async hook would cost a promise on every request.
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  return app;
}
