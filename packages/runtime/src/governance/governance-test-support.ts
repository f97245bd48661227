import type { GovernancePolicyInput } from './policy';

/** Test support: the TensorAIOS governance block as a policy, a fixed clock and sequential ids. */
export const TENSOR_POLICY: GovernancePolicyInput = {
  anchors: ['Igor', 'System Oversight Committee'],
  mode: 'hybrid',
  humanoverride: true,
  rules: [
    {
      id: 'low-confidence-critical',
      all: [
        { id: 'c', metric: 'confidence', op: '<', threshold: 0.6 },
        { id: 'k', metric: 'criticality', op: '>', threshold: 0.8 },
      ],
    },
    {
      id: 'anomaly',
      metric: 'anomaly_score',
      op: '>',
      threshold: 0.95,
      anchors: ['System Oversight Committee'],
    },
    { id: 'drift', metric: 'drift_detected', op: '==', threshold: true },
  ],
};

export const fixedClock = (): Date => new Date('2025-06-01T12:00:00.000Z');

export function sequentialIds(prefix = 'esc'): () => string {
  let next = 0;
  return () => `${prefix}-${++next}`;
}
