import { Governance } from './governance';
import { policyFromSchema } from './policy-from-schema';
import { referenceGovernanceBlocks } from './reference-governance-blocks';

describe('policyFromSchema', () => {
  it('builds a working policy from every reference governance block', async () => {
    for (const block of referenceGovernanceBlocks()) {
      const { policy } = policyFromSchema(block);
      expect(policy.anchors).toEqual(block.anchors);
      expect(policy.mode).toBe(block.mode ?? 'hybrid');
      const governance = new Governance({ policy });
      expect((await governance.evaluate({ id: 'd', agent: 'a', action: 'noop', signals: {} })).outcome).toBe('proceed');
    }
  });

  it('escalates the TensorAIOS example on its own written rules', async () => {
    const block = referenceGovernanceBlocks().find((candidate) => candidate.where.startsWith('Example-L9_Tensor-AIOS'))!;
    const { policy, diagnostics } = policyFromSchema(block);
    expect(diagnostics).toEqual([]);
    const governance = new Governance({ policy });
    const slow = await governance.evaluate({ id: 'd', agent: 'tensoraios', action: 'score', signals: { inference_latency_ms: 750 } });
    expect(slow.matched_rules.map((rule) => rule.description)).toEqual(['inference latency > 500ms']);
    expect(slow.escalation!.anchors).toEqual(['Igor', 'System Oversight Committee']);
  });

  it('says which field of the block is wrong', () => {
    expect(() => policyFromSchema({ anchors: [], mode: 'hybrid' })).toThrow('governance.anchors');
    expect(() => policyFromSchema({ anchors: ['Igor'], mode: 'sometimes' })).toThrow('governance.mode');
  });
});
