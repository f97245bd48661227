import { ingestSchemas } from '../ingest-schemas';
import { referenceInput, TEST_LIMITS } from '../../testing/reference-inputs';

const policyDiagnostics = (path: string, text: string) =>
  ingestSchemas([{ path, content: Buffer.from(text) }], { limits: TEST_LIMITS }).diagnostics.filter(
    (d) => d.code === 'L9W054',
  );

const agent = (governance: string) =>
  `name: ScoringAgent\nrole: scores\ngovernance:\n  anchors: [Igor]\n${governance}`;

describe('escalation policies read at generation time', () => {
  it('reports a clause that does not parse as a warning at the file, line and column of the clause', () => {
    const [sympy] = ingestSchemas([referenceInput('sympy_schema_v6.yaml')], {
      limits: TEST_LIMITS,
    }).diagnostics.filter((d) => d.code === 'L9W054');
    expect(sympy).toMatchObject({
      severity: 'warning',
      file: 'sympy_schema_v6.yaml',
      line: 21,
      column: 34,
      message:
        'escalation policy: cannot read "expression exceeds max_length": threshold "max_length" is not a number, true or false',
      hint: expect.stringContaining('No escalation required'),
    });
  });

  it('finds clauses inside folded blocks, across their lines, and inside a Markdown collection', () => {
    const folded = policyDiagnostics(
      'folded.yaml',
      agent(
        '  escalationpolicy: >\n    Auto-escalate if: latency > 500ms,\n      and then some,\n    drift > threshold\n',
      ),
    );
    // "and then some" reads as a flag phrase; "drift > threshold" compares with a word, not a number.
    expect(folded.map((d) => [d.line, d.column, d.message])).toEqual([
      [8, 5, expect.stringContaining('"drift > threshold"')],
    ]);
    const collection = ingestSchemas([referenceInput('Example-L9_Tensor-AIOS_Layer_Schemas_v6.md')], {
      limits: TEST_LIMITS,
    }).diagnostics.filter((d) => d.code === 'L9W054');
    expect(collection.map((d) => [d.file, d.line, d.column])).toEqual([
      ['Example-L9_Tensor-AIOS_Layer_Schemas_v6.md', 676, 25],
      ['Example-L9_Tensor-AIOS_Layer_Schemas_v6.md', 951, 65],
    ]);
  });

  it('finds a clause of a double-quoted policy past its escapes', () => {
    const quoted = policyDiagnostics(
      'quoted.yaml',
      agent('  escalationpolicy: "Auto-escalate if: \\"risk\\" > 0.5, score ~ 3"\n'),
    );
    expect(quoted).toEqual([
      expect.objectContaining({ line: 5, column: 56, message: expect.stringContaining('"score ~ 3"') }),
    ]);
  });

  it('accepts "No escalation required" and the policies of the other reference inputs without a word', () => {
    for (const name of [
      'sample_simple_agent.yaml',
      'sample_orchestrator.yaml',
      'sample_domain_adapter.yaml',
      'example-L9_Tensor_MainAgent_Schema_v6.yaml',
    ]) {
      expect([
        name,
        ingestSchemas([referenceInput(name)], { limits: TEST_LIMITS }).diagnostics.filter(
          (d) => d.code === 'L9W054',
        ),
      ]).toEqual([name, []]);
    }
    expect(policyDiagnostics('none.yaml', agent('  escalationpolicy: None\n'))).toEqual([]);
  });

  it('reports a condition written after "No escalation required" instead of dropping it', () => {
    const [contradiction] = policyDiagnostics(
      'both.yaml',
      agent('  escalationpolicy: No escalation required, except risk > 0.5\n'),
    );
    expect(contradiction).toMatchObject({
      line: 5,
      column: 45,
      message: expect.stringContaining('declares no escalation rules'),
    });
  });
});
