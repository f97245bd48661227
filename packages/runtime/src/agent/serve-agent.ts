import type { Backend } from '../backend-health';
import { securityReport, type SecurityReport } from '../config/network-exposure';
import type { JsonObject } from '../envelope/envelope-schema';
import { auditLogSink } from '../server/audit-log-sink';
import { createAgentServer, type AgentServer } from '../server/create-agent-server';
import { EndpointError } from '../server/endpoint-error';
import { endpointValidator } from '../contract/endpoint-validator';
import type { EndpointDefinition } from '../server/server-options';
import * as z from 'zod';
import { asAgentModule, type AgentModule } from './agent-module';
import type { AgentRuntime } from './agent-runtime';
import { endpointTokenVariable } from './create-agent-runtime';
import { handlePacketByType } from './default-operations';
import type { EndpointContract } from './endpoint-contract';
import { governanceGate } from './governance-gate';
import { DomainInputError, type DomainContext } from './operation-registry';
import { outcomeDeliverer } from './held-work-delivery';
import { heldWorkRunner, runEndpointOperation } from './held-work-runner';
import { withRouteForwarding } from './route-forwarding';
import { registerAuditHeadRoute } from '../audit/audit-head-route';
import { registerGovernanceRoutes } from '../governance/governance-routes';
import { authenticateCaller } from '../server/endpoint-caller';
import { registerInspectionRoutes } from '../inspection/inspection-routes';
import { registerMcpRoute } from '../mcp/mcp-route';
import { serveA2A } from '../a2a/serve-a2a';
import { agentTopic } from '../roles/agent-topic';
import { EventSubscriberRole } from '../roles/event-subscriber-role';
import { flagEnabled } from '../roles/role-flags';

export interface ServeOptions<Modules> {
  endpoints: readonly EndpointContract[];
  modules: Modules;
}

export interface RunningAgent<Modules = Record<string, unknown>> {
  runtime: AgentRuntime;
  modules: Modules;
  server: AgentServer;
  /** Starts the modules that have `start`, then listens; resolves to the URL. Port and host default to the config. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops listening and the modules, then closes every backend. */
  close(): Promise<void>;
  /** How it is exposed where it listens (or would, before `listen`): what `/status` reports under `security`. */
  security(): SecurityReport;
}

const jsonObject = z.record(z.string(), z.unknown());

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function endpointDefinition(
  runtime: AgentRuntime,
  endpoint: EndpointContract,
): EndpointDefinition<JsonObject> {
  // The server checks the token (with the caller's identity, before governance): see endpoint-caller.ts.
  const requiredToken = endpoint.auth
    ? {
        auth: endpoint.auth,
        variable: endpointTokenVariable(endpoint.auth),
        value: runtime.endpointTokens[endpointTokenVariable(endpoint.auth)],
      }
    : undefined;
  return {
    name: endpoint.name,
    path: endpoint.path,
    method: endpoint.method,
    timeout_ms: endpoint.timeout_ms,
    payload: jsonObject as z.ZodType<JsonObject>,
    // Compiled here, once, when the agent is built: a schema that cannot compile stops the start.
    validator: endpointValidator(endpoint),
    ...(requiredToken ? { requiredToken } : {}),
    async handler(payload, context) {
      const traceId = headerValue(context.headers['x-trace-id']);
      const domain: DomainContext = { signal: context.signal, ...(traceId ? { traceId } : {}) };
      try {
        return await runEndpointOperation(runtime, endpoint, payload, domain);
      } catch (error) {
        if (error instanceof DomainInputError) throw new EndpointError(400, 'invalid_input', error.message);
        throw error;
      }
    },
  };
}

/** Backends as the server sees them: health only. The runtime owns them and closes them itself. */
function healthViews(runtime: AgentRuntime): Record<string, Backend> {
  return Object.fromEntries(
    Object.entries(runtime.backends()).map(([name, backend]) => [
      name,
      { health: () => backend.health(), close: async () => undefined },
    ]),
  );
}

/**
 * With `L9_ENABLE_INSPECTION=true` only: the inspection routes (see inspection-routes.ts) and, when no module
 * consumes the agent's topic, an inbox that does (returned, to be started and stopped with the modules), so
 * an integration run can exchange stream packets with every agent, not just those with an event subscriber.
 */
function registerInspection(
  runtime: AgentRuntime,
  server: AgentServer,
  declared: object,
): AgentModule | undefined {
  if (!flagEnabled(runtime, 'INSPECTION', false)) return undefined;
  const topic = agentTopic(runtime.identity.id);
  const own = Object.values(declared).find(
    (m): m is EventSubscriberRole => m instanceof EventSubscriberRole && m.topic === topic,
  );
  const role = own ?? new EventSubscriberRole(runtime);
  registerInspectionRoutes(server.app, runtime, {
    prefix: runtime.identity.routePrefix,
    subscriber: { role, origin: own ? 'module' : 'inspection-inbox' },
  });
  return own ? undefined : role;
}

/**
 * Puts an agent on HTTP: its declared endpoints (served by their domain operations behind the caller checks,
 * rate limit and governance gate of endpoint-routes.ts), PacketEnvelopes through validation, signature, replay, rate limit, governance and audit,
 * status/health/metrics, the governance escalations (`/<prefix>/escalations`, for anchors), and the event
 * stream for what it publishes. A packet carrying `route` is forwarded
 * along it (see route-forwarding.ts) before any module sees it.
 */
export function serveAgent<Modules extends object>(
  runtime: AgentRuntime,
  options: ServeOptions<Modules>,
): RunningAgent<Modules> {
  const modules = Object.values(options.modules).map(asAgentModule);
  const packetModule = modules.find(
    (m): m is AgentModule & Required<Pick<AgentModule, 'handlePacket'>> =>
      typeof m.handlePacket === 'function',
  );
  const packetHandler = withRouteForwarding(
    runtime,
    packetModule
      ? (envelope, context) => packetModule.handlePacket(envelope, context)
      : (envelope) => handlePacketByType(runtime, envelope),
  );
  let security = securityReport(runtime.config.host, runtime.network, runtime.config.auth.required);
  const server = createAgentServer({
    security: () => security,
    identity: runtime.identity,
    endpoints: options.endpoints.map((e) => endpointDefinition(runtime, e)),
    packetHandler,
    backends: healthViews(runtime),
    audit: auditLogSink(runtime.audit, runtime.identity.id),
    governance: governanceGate(runtime.governance),
    events: { publish: (topic, event) => runtime.stream.publish(topic, event) },
    replayGuard: runtime.replay,
    settings: runtime.config,
  });
  const callerContext = { identity: runtime.identity, settings: runtime.config, now: Date.now };
  registerGovernanceRoutes(server.app, runtime.governance, {
    prefix: runtime.identity.routePrefix,
    // Escalations hold other callers' payloads: with packet auth on, reading them takes a caller token.
    async authorizeRead(request) {
      const caller = await authenticateCaller(
        request,
        callerContext,
        `GET /${runtime.identity.routePrefix}/escalations`,
      );
      return 'statusCode' in caller ? caller : undefined;
    },
  });
  // The same endpoints as A2A skills (signed card, JSON-RPC at /<prefix>/a2a), each message through the endpoint's own admission.
  const a2aTasks = serveA2A(runtime, server, options.endpoints);
  // Approved held work runs with the same handlers as live traffic, and its outcome goes back to whoever waits
  // (an A2A task held for an anchor among them).
  runtime.governance.attachWork(
    heldWorkRunner(runtime, options.endpoints, packetHandler),
    a2aTasks.deliverer(outcomeDeliverer(runtime)),
  );
  let resuming: Promise<unknown> | undefined;
  registerAuditHeadRoute(server.app, runtime.audit, runtime.identity.routePrefix);
  // The same endpoints as MCP tools at /<prefix>/mcp, each call through the endpoint's own admission.
  registerMcpRoute(server, { identity: runtime.identity, endpoints: options.endpoints });
  const inbox = registerInspection(runtime, server, options.modules);
  if (inbox) modules.push(inbox);
  let started = false;
  return {
    runtime,
    modules: options.modules,
    server,
    security: () => security,
    async listen(port = runtime.config.port, host = runtime.config.host) {
      // The host may differ from the configured one: refused here, before any module starts, when it is exposed and unprotected.
      security = securityReport(host, runtime.network, runtime.config.auth.required);
      if (security.insecure)
        runtime.log.warn(
          { host, missing: security.missing },
          'listening beyond loopback without the secrets a network needs, because L9_ALLOW_INSECURE=true',
        );
      for (const module of modules) await module.start?.();
      started = true;
      const url = await server.listen(port, host);
      // Held work a previous run left mid-way moves on once the handlers are up; peers may be slow, so the
      // agent does not wait for it to serve.
      resuming = runtime.governance
        .resumeHeldWork()
        .then((report) => runtime.log.info(report, 'held work resumed'))
        .catch((error: unknown) =>
          runtime.log.error(
            { err: error },
            'held work could not be resumed; it is retried at the next start',
          ),
        );
      return url;
    },
    async close() {
      await server.close();
      await resuming;
      if (started) for (const module of [...modules].reverse()) await module.stop?.();
      await runtime.close();
    },
  };
}
