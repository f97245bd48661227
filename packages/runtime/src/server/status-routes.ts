import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Backend } from '../backend-health';
import type { SecurityReport } from '../config/network-exposure';
import { checkBackends } from './backend-health-check';
import { ServerMetrics } from './server-metrics';
import type { AgentIdentity } from './server-options';

export interface StatusRouteDeps {
  identity: AgentIdentity;
  backends: Record<string, Backend>;
  metrics: ServerMetrics;
  healthTimeoutMs: number;
  startedAt: number;
  now: () => number;
  /** Where and how the agent is exposed; `/status` shows it so an agent run open on purpose is visible. */
  security?: () => SecurityReport;
}

function securityBody(report: SecurityReport) {
  return {
    host: report.host,
    loopback: report.loopback,
    packet_auth: report.packetAuth,
    allow_insecure: report.allowInsecure,
    insecure: report.insecure,
    missing: report.missing,
  };
}

/**
 * `GET /<prefix>/status`, `GET /<prefix>/health` (and the schema's healthcheck path), `GET /<prefix>/live` and
 * `GET /metrics`. Liveness and health differ on purpose: `/live` says the process serves and touches no backend,
 * so an orchestrator does not restart every agent while a database is away; `/health` is readiness, 503 then.
 */
export function registerStatusRoutes(app: FastifyInstance, deps: StatusRouteDeps): void {
  const { identity, metrics } = deps;
  const backendHealth = async () => {
    const health = await checkBackends(deps.backends, deps.healthTimeoutMs);
    for (const backend of health)
      metrics.backendUp.set({ backend: backend.name }, backend.status === 'up' ? 1 : 0);
    return health;
  };

  app.get(`/${identity.routePrefix}/status`, async () => ({
    agent: {
      id: identity.id,
      name: identity.name,
      version: identity.version,
      route_prefix: identity.routePrefix,
    },
    uptime_seconds: Math.max(0, Math.round((deps.now() - deps.startedAt) / 1000)),
    backends: await backendHealth(),
    packets: metrics.snapshot(),
    ...(deps.security ? { security: securityBody(deps.security()) } : {}),
  }));

  app.get(`/${identity.routePrefix}/live`, async () => ({ status: 'alive' }));

  // Degraded is reported, not fatal: the agent keeps serving what does not need the down backend.
  const health = async (_request: unknown, reply: FastifyReply) => {
    const backends = await backendHealth();
    const down = backends.filter((backend) => backend.status === 'down');
    if (down.length === 0) return { status: 'ok', backends };
    return reply.code(503).send({ status: 'degraded', down: down.map((backend) => backend.name), backends });
  };
  const defaultHealthPath = `/${identity.routePrefix}/health`;
  app.get(defaultHealthPath, health);
  // The schema's own healthcheck path (what its probes ask) gives the same answer.
  if (identity.healthPath && identity.healthPath !== defaultHealthPath) app.get(identity.healthPath, health);

  app.get('/metrics', async (_request, reply) => {
    await backendHealth();
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
