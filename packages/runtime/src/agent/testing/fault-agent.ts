import { createEnvelope } from '../../envelope/create-envelope';
import type { PacketEnvelope } from '../../envelope/envelope-schema';
import type { AgentBlueprint } from '../agent-blueprint';
import type { AgentRuntime } from '../agent-runtime';
import type { EndpointContract } from '../endpoint-contract';
import { DomainInputError, type DomainHandler } from '../operation-registry';
import { serveAgent, type RunningAgent } from '../serve-agent';

/**
 * The agent the fault tests run: a `remember` / `recall` pair over working memory (served as endpoints and as
 * packet types) and a `note` endpoint without a domain module, which the runtime records as an episode.
 */
export function faultBlueprint(
  id: string,
  routePrefix: string,
  mode: AgentBlueprint['governance']['mode'] = 'autonomous',
): AgentBlueprint {
  return {
    identity: { id, name: 'FaultAgent', version: '1.0.0', routePrefix },
    port: 0,
    governance: { anchors: ['Igor'], mode, humanoverride: true },
    memory: { keyspace: `${routePrefix}:working:*`, ttl: '1hr', retention: '90 days' },
    auditScope: ['packets'],
    featureFlags: { L9_ENABLE_AUDIT_LOG: true },
    peers: [],
  };
}

export function faultEndpoints(routePrefix: string): EndpointContract[] {
  return [
    {
      name: 'remember',
      path: `/${routePrefix}/v1/remember`,
      method: 'POST',
      timeout_ms: 5_000,
      operation: 'remember',
    },
    {
      name: 'recall',
      path: `/${routePrefix}/v1/recall`,
      method: 'GET',
      timeout_ms: 5_000,
      operation: 'recall',
    },
    { name: 'note', path: `/${routePrefix}/v1/note`, method: 'POST', timeout_ms: 5_000, operation: null },
  ];
}

function keyOf(input: Record<string, unknown>): string {
  const key = input['key'];
  if (typeof key !== 'string' || key === '') throw new DomainInputError('key must be a non-empty string');
  return key;
}

export function workingMemoryOperations(runtime: AgentRuntime): {
  remember: DomainHandler;
  recall: DomainHandler;
} {
  const remember: DomainHandler = {
    name: 'remember',
    async handle(input) {
      const key = keyOf(input);
      await runtime.memory.working.set(key, input['value'] ?? null);
      return { stored: key };
    },
  };
  const recall: DomainHandler = {
    name: 'recall',
    async handle(input) {
      const key = keyOf(input);
      return { key, value: (await runtime.memory.working.get(key)) ?? null } as never;
    },
  };
  return { remember, recall };
}

export type FaultAgent = RunningAgent<ReturnType<typeof workingMemoryOperations>>;

export function serveFaultAgent(runtime: AgentRuntime): FaultAgent {
  const modules = workingMemoryOperations(runtime);
  runtime.operations.register(modules.remember);
  runtime.operations.register(modules.recall);
  return serveAgent(runtime, { endpoints: faultEndpoints(runtime.identity.routePrefix), modules });
}

export function packetFor(
  agent: FaultAgent,
  packetType: string,
  payload: Record<string, unknown>,
): PacketEnvelope {
  return createEnvelope({
    packet_type: packetType,
    source_agent: 'fault-tester',
    destination_agent: agent.runtime.identity.id,
    payload: payload as never,
  });
}

export interface HealthAnswer {
  statusCode: number;
  status: string;
  down: string[];
  details: Record<string, string | undefined>;
}

export async function healthOf(agent: FaultAgent): Promise<HealthAnswer> {
  const response = await agent.server.app.inject({
    method: 'GET',
    url: `/${agent.runtime.identity.routePrefix}/health`,
  });
  const body = response.json() as {
    status: string;
    down?: string[];
    backends: Array<{ name: string; detail?: string }>;
  };
  return {
    statusCode: response.statusCode,
    status: body.status,
    down: [...(body.down ?? [])].sort(),
    details: Object.fromEntries(body.backends.map((b) => [b.name, b.detail])),
  };
}
