import { compliantSignals } from '../roles/compliant-signals';
import { Governance } from './governance';
import { policyFromSchema } from './policy-from-schema';
import { referenceGovernanceBlocks } from './reference-governance-blocks';

describe('policyFromSchema', () => {
  it('builds a working policy from every reference governance block: calm signals proceed, none at all escalate', async () => {
    for (const block of referenceGovernanceBlocks()) {
      const { policy } = policyFromSchema(block);
      expect(policy.anchors).toEqual(block.anchors);
      expect(policy.mode).toBe(block.mode ?? 'hybrid');
      const governance = new Governance({ policy });
      const calm = await governance.evaluate({
        id: 'd',
        agent: 'a',
        action: 'noop',
        signals: compliantSignals(policy.rules),
      });
      expect([block.where, calm.outcome]).toEqual([
        block.where,
        policy.mode === 'supervised' ? 'escalated' : 'proceed',
      ]);
      const bare = await governance.evaluate({ id: 'd', agent: 'a', action: 'noop', signals: {} });
      expect([block.where, bare.outcome]).toEqual([
        block.where,
        policy.rules.length > 0 || policy.mode === 'supervised' ? 'escalated' : 'proceed',
      ]);
    }
  });

  it('escalates the TensorAIOS example on its own written rules', async () => {
    const block = referenceGovernanceBlocks().find((candidate) =>
      candidate.where.startsWith('Example-L9_Tensor-AIOS'),
    )!;
    const { policy, diagnostics } = policyFromSchema(block);
    expect(diagnostics).toEqual([]);
    const governance = new Governance({ policy });
    const slow = await governance.evaluate({
      id: 'd',
      agent: 'tensoraios',
      action: 'score',
      signals: { ...compliantSignals(policy.rules), inference_latency_ms: 750 },
    });
    expect(slow.matched_rules.map((rule) => rule.description)).toEqual(['inference latency > 500ms']);
    expect(slow.escalation!.anchors).toEqual(['Igor', 'System Oversight Committee']);
  });

  it('says which field of the block is wrong', () => {
    expect(() => policyFromSchema({ anchors: [], mode: 'hybrid' })).toThrow('governance.anchors');
    expect(() => policyFromSchema({ anchors: ['Igor'], mode: 'sometimes' })).toThrow('governance.mode');
  });
});
