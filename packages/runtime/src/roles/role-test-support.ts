import type { AgentBlueprint } from '../agent/agent-blueprint';

/** Every signal the test blueprint's escalation policy compares, valued so that no rule matches. */
export const CALM_SIGNALS = { model_confidence: 0.9, criticality: 0.2, anomaly_score: 0.1 } as const;

/** Test support: an agent shaped like the TensorAIOS example, with one peer. */
export function roleTestBlueprint(overrides: Partial<AgentBlueprint> = {}): AgentBlueprint {
  return {
    identity: { id: 'scorer-agent', name: 'ScorerAgent', version: '1.2.0', routePrefix: 'scorer' },
    port: 0,
    governance: {
      anchors: ['Chief Architect', 'Oversight Committee'],
      mode: 'hybrid',
      humanoverride: true,
      escalationpolicy:
        'Auto-escalate if: model confidence < 0.6 AND criticality > 0.8, anomaly score > 0.95',
    },
    memory: { keyspace: 'scorer:working:*', ttl: '1h', retention: '90 days' },
    auditScope: ['inference_calls', 'anomaly_flags'],
    featureFlags: { L9_ENABLE_AUDIT_LOG: true, L9_ENABLE_CAUSAL_TRACING: true, L9_ENABLE_RATE_LIMITS: true },
    peers: [{ id: 'main-agent', name: 'MainAgent', routePrefix: 'mainagent', port: 8001, kind: 'hard' }],
    ...overrides,
  };
}
