import { Governance } from '../governance/governance';
import { compliantSignals } from './compliant-signals';

describe('compliantSignals', () => {
  it('gives every compared signal a value of the right type that meets none of its comparisons', () => {
    const rules = [
      {
        id: 'a',
        all: [
          { id: 'a1', metric: 'confidence', op: '<' as const, threshold: 0.6 },
          { id: 'a2', metric: 'criticality', op: '>' as const, threshold: 0.8 },
        ],
      },
      {
        id: 'b',
        any: [
          { id: 'b1', metric: 'latency_ms', op: '>=' as const, threshold: 500 },
          { id: 'b2', metric: 'drift', op: '==' as const, threshold: true },
        ],
      },
      { id: 'c', metric: 'confidence', op: '>' as const, threshold: 0.99 },
    ];
    const calm = compliantSignals(rules);
    expect(calm).toEqual({ confidence: 0.6, criticality: 0.8, latency_ms: 499, drift: false });
  });

  it('lets a decision carrying them proceed under the policy they came from', async () => {
    const rules = [
      { id: 'x', metric: 'score', op: '!=' as const, threshold: 3 },
      { id: 'y', metric: 'flag', op: '!=' as const, threshold: false },
    ];
    const governance = new Governance({ policy: { anchors: ['Igor'], mode: 'hybrid', rules } });
    expect(
      (await governance.evaluate({ id: 'd', agent: 'a', action: 'act', signals: compliantSignals(rules) }))
        .outcome,
    ).toBe('proceed');
  });
});
