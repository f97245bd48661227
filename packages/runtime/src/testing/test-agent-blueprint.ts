import type { AgentBlueprint } from '../agent/agent-blueprint';

export interface TestAgent {
  id: string;
  /** Default: the id. */
  name?: string;
  /** Default: the id. */
  routePrefix?: string;
  /** Default: one anchor, Igor. */
  anchors?: string[];
  /** Default: escalate when `confidence` is under 0.5. */
  escalationpolicy?: string;
}

/**
 * Test support: the blueprint of the small agent the agent specs serve, in hybrid governance, with its working
 * memory under `<routePrefix>:working:*` and no audit scope, feature flags or peers. `overrides` replace whole
 * fields.
 */
export function testAgentBlueprint(
  agent: TestAgent,
  overrides: Partial<AgentBlueprint> = {},
): AgentBlueprint {
  const routePrefix = agent.routePrefix ?? agent.id;
  return {
    identity: { id: agent.id, name: agent.name ?? agent.id, version: '1.0.0', routePrefix },
    port: 0,
    governance: {
      anchors: agent.anchors ?? ['Igor'],
      mode: 'hybrid',
      humanoverride: true,
      escalationpolicy: agent.escalationpolicy ?? 'Auto-escalate if: confidence < 0.5',
    },
    memory: { keyspace: `${routePrefix}:working:*`, ttl: '1hr', retention: '90 days' },
    auditScope: [],
    featureFlags: {},
    peers: [],
    ...overrides,
  };
}
