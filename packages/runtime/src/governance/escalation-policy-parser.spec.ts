import { parseEscalationPolicy } from './escalation-policy-parser';
import { escalationRuleSchema } from './policy';
import { referenceGovernanceBlocks } from './reference-governance-blocks';

describe('parseEscalationPolicy', () => {
  it('reads the TensorAIOS policy: AND inside a clause, commas between clauses, ms and bare phrases', () => {
    const text =
      'Auto-escalate if: model confidence < 0.6 AND criticality > 0.8,\nanomaly score > 0.95, inference latency > 500ms, model drift detected\n';
    expect(parseEscalationPolicy(text)).toEqual({
      rules: [
        {
          id: 'escalate-1',
          all: [
            { id: 'escalate-1.1', metric: 'model_confidence', op: '<', threshold: 0.6 },
            { id: 'escalate-1.2', metric: 'criticality', op: '>', threshold: 0.8 },
          ],
          description: 'model confidence < 0.6 AND criticality > 0.8',
        },
        {
          id: 'escalate-2',
          metric: 'anomaly_score',
          op: '>',
          threshold: 0.95,
          description: 'anomaly score > 0.95',
        },
        {
          id: 'escalate-3',
          metric: 'inference_latency_ms',
          op: '>',
          threshold: 500,
          description: 'inference latency > 500ms',
        },
        {
          id: 'escalate-4',
          metric: 'model_drift_detected',
          op: '==',
          threshold: true,
          description: 'model drift detected',
        },
      ],
      diagnostics: [],
    });
  });

  it('reads bulleted lists, OR alternatives and keeps parenthesised asides whole', () => {
    const text =
      'Auto-escalate if: - Any decision confidence < 0.7 AND domain_criticality > 0.5 - Cross-domain conflict detected (e.g., two domains disagree) - Memory sync failure or data inconsistency detected';
    const { rules, diagnostics } = parseEscalationPolicy(text);
    expect(diagnostics).toEqual([]);
    expect(rules.map((rule) => rule.description)).toEqual([
      'Any decision confidence < 0.7 AND domain_criticality > 0.5',
      'Cross-domain conflict detected (e.g., two domains disagree)',
      'Memory sync failure or data inconsistency detected',
    ]);
    expect(rules[0]!.all!.map((leaf) => leaf.metric)).toEqual(['decision_confidence', 'domain_criticality']);
    expect(rules[1]).toMatchObject({ metric: 'cross_domain_conflict_detected', op: '==', threshold: true });
    expect(rules[2]!.any!.map((leaf) => leaf.metric)).toEqual([
      'memory_sync_failure',
      'data_inconsistency_detected',
    ]);
  });

  it('converts units: seconds to milliseconds, percent to a ratio, dollar amounts with separators', () => {
    const { rules } = parseEscalationPolicy(
      'Escalate if: queue wait > 2s, accuracy drop >= 5%, transaction value > $100,000',
    );
    expect(rules.map(({ metric, op, threshold }) => ({ metric, op, threshold }))).toEqual([
      { metric: 'queue_wait_ms', op: '>', threshold: 2000 },
      { metric: 'accuracy_drop', op: '>=', threshold: 0.05 },
      { metric: 'transaction_value', op: '>', threshold: 100000 },
    ]);
  });

  it('understands word comparisons', () => {
    const { rules } = parseEscalationPolicy(
      'Escalate when: error rate exceeds 0.1; throughput drops below 20',
    );
    expect(rules.map(({ metric, op, threshold }) => [metric, op, threshold])).toEqual([
      ['error_rate', '>', 0.1],
      ['throughput', '<', 20],
    ]);
  });

  it('reports a clause it cannot read with its text and offset, and never half-applies it', () => {
    const text =
      'Auto-escalate if: tensor confidence < 0.6 AND deal_value > threshold, governance override requested';
    const { rules, diagnostics } = parseEscalationPolicy(text);
    expect(rules).toEqual([
      expect.objectContaining({ id: 'escalate-2', metric: 'governance_override_requested', threshold: true }),
    ]);
    expect(diagnostics).toEqual([
      {
        text: 'tensor confidence < 0.6 AND deal_value > threshold',
        offset: text.indexOf('tensor'),
        message: 'cannot read "deal_value > threshold": threshold "threshold" is not a number, true or false',
      },
    ]);
  });

  it('reports phrases that are neither comparisons nor plain conditions', () => {
    expect(parseEscalationPolicy('Escalate if: score ~ 3').diagnostics).toEqual([
      expect.objectContaining({
        text: 'score ~ 3',
        message: expect.stringContaining('neither a comparison'),
      }),
    ]);
  });

  it('treats an explicit "no escalation" statement as an explicit empty rule set, commentary after it included', () => {
    expect(parseEscalationPolicy('No escalation required - fully autonomous operation.\n')).toEqual({
      rules: [],
      diagnostics: [],
      declaredEmpty: true,
    });
    for (const text of ['none', 'None.', 'no escalation', 'No escalations needed', 'Never escalate', 'N/A']) {
      expect([text, parseEscalationPolicy(text)]).toEqual([
        text,
        { rules: [], diagnostics: [], declaredEmpty: true },
      ]);
    }
  });

  it('reports a condition written after "no escalation" instead of dropping it, and reads "no escalation" inside a clause as a phrase', () => {
    const text = 'No escalation required, except anomaly score > 0.9';
    expect(parseEscalationPolicy(text)).toEqual({
      rules: [],
      diagnostics: [
        {
          text: 'except anomaly score > 0.9',
          offset: 24,
          message: expect.stringContaining('declares no escalation rules, yet'),
        },
      ],
      declaredEmpty: true,
    });
    expect(parseEscalationPolicy('Auto-escalate if: none of the checks passed').rules).toHaveLength(1);
  });

  describe('on the reference L9 inputs', () => {
    const blocks = referenceGovernanceBlocks();

    it('finds the governance blocks of the YAML files and the Markdown collection', () => {
      const files = blocks.map((block) => block.where.split(':')[0]);
      expect(new Set(files)).toEqual(
        new Set([
          'Example-L9_Tensor-AIOS_Layer_Schemas_v6.md',
          'example-L9_Tensor_MainAgent_Schema_v6.yaml',
          'sample_domain_adapter.yaml',
          'sample_orchestrator.yaml',
          'sample_simple_agent.yaml',
          'sympy_schema_v6.yaml',
        ]),
      );
    });

    it('accounts for every clause of every policy as a valid rule or a diagnostic', () => {
      for (const governance of blocks) {
        const where = governance.where;
        const text = governance.escalationpolicy ?? '';
        const { rules, diagnostics } = parseEscalationPolicy(text);
        for (const rule of rules) expect(escalationRuleSchema.safeParse(rule).success).toBe(true);
        for (const diagnostic of diagnostics) {
          expect(text.slice(diagnostic.offset, diagnostic.offset + diagnostic.text.length)).toBe(
            diagnostic.text,
          );
        }
        const mentioned = [
          ...rules.map((rule) => rule.description),
          ...diagnostics.map((diagnostic) => diagnostic.text),
        ];
        const words = text.replace(/^\s*(auto-)?escalate (if|when):?/i, '').match(/[A-Za-z_]{4,}/g) ?? [];
        if (/^\s*no escalation/i.test(text)) continue;
        for (const word of words) {
          expect({ where, word, found: mentioned.some((part) => part?.includes(word)) }).toEqual({
            where,
            word,
            found: true,
          });
        }
      }
    });

    it('turns the TensorAIOS policy into four rules and the sympy policy into a diagnostic', () => {
      const tensor = blocks.find((block) => block.where.startsWith('Example-L9_Tensor-AIOS'))!;
      expect(parseEscalationPolicy(tensor.escalationpolicy!).rules.map((rule) => rule.id)).toEqual([
        'escalate-1',
        'escalate-2',
        'escalate-3',
        'escalate-4',
      ]);
      const sympy = blocks.find((block) => block.where.startsWith('sympy_schema_v6.yaml'))!;
      const parsed = parseEscalationPolicy(sympy.escalationpolicy!);
      expect(parsed.rules).toEqual([]);
      expect(parsed.diagnostics).toEqual([
        expect.objectContaining({ text: 'expression exceeds max_length or uses dangerous functions' }),
      ]);
    });

    it('reads the main agent policy without diagnostics', () => {
      const main = blocks.find((block) => block.where.startsWith('example-L9_Tensor_MainAgent'))!;
      const parsed = parseEscalationPolicy(main.escalationpolicy!);
      expect(parsed.diagnostics).toEqual([]);
      expect(parsed.rules).toHaveLength(7);
    });
  });
});
