import { randomUUID } from 'node:crypto';
import { DefaultExecutionEventBusManager, DefaultPushNotificationSender } from '@a2a-js/sdk/server';
import type { AgentRuntime } from '../agent/agent-runtime';
import type { EndpointContract } from '../agent/endpoint-contract';
import type { AgentServer } from '../server/create-agent-server';
import { agentCardOf, JWKS_PATH } from './agent-card';
import { registerA2ARoutes } from './a2a-routes';
import { allowlistedPushConfigs } from './allowlisted-push-configs';
import { agentJwks, signedAgentCard, type CardJson } from './signed-agent-card';
import { SkillExecutor } from './skill-executor';
import { SkillRequestHandler } from './skill-request-handler';
import { TaskLedger } from './task-ledger';

/** How long a push notification receiver may take to answer. */
const PUSH_TIMEOUT_MS = 5_000;

/**
 * Where clients reach the agent: `L9_PUBLIC_URL`, else the address it listens on (a wildcard bind, reachable on
 * every interface, is named by its loopback address; set `L9_PUBLIC_URL` for others). Never the Host header of a
 * request, which a caller chooses: the card is signed, and a signature must not vouch for an address a caller
 * made up.
 */
function baseUrlOf(runtime: AgentRuntime, server: AgentServer): string {
  if (runtime.config.publicUrl) return runtime.config.publicUrl;
  const address = server.app.server.address();
  const port = address !== null && typeof address === 'object' ? address.port : runtime.config.port;
  const host =
    address !== null &&
    typeof address === 'object' &&
    address.address !== '0.0.0.0' &&
    address.address !== '::'
      ? address.address
      : '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Makes the agent an A2A 1.0 agent on its own HTTP server (see a2a-routes.ts), built on the SDK's server core:
 * its DefaultRequestHandler (tasks, streaming, push notification configs) with this agent's executor (every
 * message a call of a declared endpoint, admitted as that endpoint's own route admits it; see
 * skill-executor.ts), the runtime's task stores (PostgreSQL or memory) kept current with governance by a
 * TaskLedger, and push notifications limited to `L9_CALLBACK_ALLOWLIST`. Returns the ledger, whose `deliverer`
 * the agent hands to governance so a held task ends when its escalation does.
 */
export function serveA2A(
  runtime: AgentRuntime,
  server: AgentServer,
  endpoints: readonly EndpointContract[],
): TaskLedger {
  const { identity, config } = runtime;
  const authRequired = Boolean(config.auth.required && config.auth.secret);
  const pushConfigs = allowlistedPushConfigs(
    runtime.a2a.stores.pushConfigs,
    runtime.governance.callbackAllowlist,
  );
  const push = new DefaultPushNotificationSender(pushConfigs, { timeout: PUSH_TIMEOUT_MS });
  const runId = randomUUID();
  const ledger = new TaskLedger({
    store: runtime.a2a.stores.tasks,
    heldFor: (packetId) => runtime.governance.heldFor(packetId),
    push,
    runId,
    authRequired,
    log: runtime.log,
  });
  const executor = new SkillExecutor({
    endpoints,
    callEndpoint: (name, request, input, origin) => server.callEndpoint(name, request, input, origin),
    runId,
  });
  // The handler reads only the card's capabilities, versions and modes, which do not depend on where the agent
  // listens; the card clients fetch names its address once it is known (see `card` below).
  const handlerCard = agentCardOf({ identity, endpoints, baseUrl: config.publicUrl ?? '', authRequired });
  // No task's event bus outlives its executor: a held task is settled by the ledger when its escalation ends,
  // maybe after a restart, so nothing waits on a bus for it (the SDK would otherwise keep one per held task).
  const handler = new SkillRequestHandler(
    handlerCard,
    ledger.store,
    executor,
    new DefaultExecutionEventBusManager(),
    pushConfigs,
    push,
    undefined,
    undefined,
    { keepBusAliveStates: [] },
  );
  let card: { baseUrl: string; json: Promise<CardJson> } | undefined;
  registerA2ARoutes(server.app, identity.routePrefix, {
    caller: { identity, settings: config, now: Date.now },
    handler,
    // Signed once per address (the address is known once the server listens), not once per request.
    card: () => {
      const baseUrl = baseUrlOf(runtime, server);
      if (card?.baseUrl !== baseUrl)
        card = {
          baseUrl,
          json: signedAgentCard(
            agentCardOf({ identity, endpoints, baseUrl, authRequired }),
            runtime.a2a.signingKey,
            `${baseUrl}${JWKS_PATH}`,
          ),
        };
      return card.json;
    },
    jwks: agentJwks(runtime.a2a.signingKey),
  });
  return ledger;
}
