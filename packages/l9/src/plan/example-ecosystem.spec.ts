import fc from 'fast-check';
import { exampleInput, referenceInput } from '../testing/reference-inputs';
import { workspaceMeta } from '../testing/workspace-meta';
import { canonicalJsonPretty } from './plan-lock-format';
import { matrixPairs } from './lock-plan';
import { planEcosystem } from './plan-ecosystem';
import { planOptionsFromMeta } from './plan-options-from-meta';

const options = planOptionsFromMeta(workspaceMeta(), {});
const EXAMPLE = [exampleInput('tensoraios-ecosystem.md'), exampleInput('main-agent.yaml')];

describe('the TensorAIOS example ecosystem', () => {
  const result = planEcosystem(EXAMPLE, options);

  it('ingests without a diagnostic', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.ecosystem.agents.map((a) => a.id)).toEqual([
      'main-agent',
      'plastos-adapter',
      'tensor-auditor',
      'tensor-training-orchestrator',
      'tensoraios',
    ]);
  });

  it('gives the waves [TensorAIOS], [MainAgent, TensorTrainingOrchestrator], [PlastOSAdapter, TensorAuditor]', () => {
    expect(result.plan!.waves).toEqual([
      ['TensorAIOS'],
      ['MainAgent', 'TensorTrainingOrchestrator'],
      ['PlastOSAdapter', 'TensorAuditor'],
    ]);
    expect(result.plan!.order[0]).toBe('TensorAIOS');
  });

  it('locks 20 integration pairs and ports from the meta base in plan order', () => {
    const plan = result.plan!;
    expect(plan.matrix).toEqual({ rule: 'every-ordered-pair', pairs: 20 });
    expect(matrixPairs(plan)).toHaveLength(20);
    expect(matrixPairs(plan)[0]).toEqual({ source: 'TensorAIOS', target: 'MainAgent' });
    expect(plan.agents.map((a) => a.port)).toEqual([8000, 8001, 8002, 8003, 8004]);
    expect(plan.agents.find((a) => a.name === 'TensorAIOS')).toMatchObject({
      id: 'tensoraios',
      wave: 0,
      port: 8000,
      route_prefix: 'tensoraios',
    });
  });

  it('lists one locked entry per planned file, with unique ids and the manifest last for each agent', () => {
    const plan = result.plan!;
    expect(new Set(plan.todo.map((t) => t.id)).size).toBe(plan.todo.length);
    for (const agent of plan.agents) {
      const entries = plan.todo.filter((t) => t.agent === agent.name);
      const spec = result.ecosystem.agents.find((a) => a.name === agent.name)!;
      expect(entries.at(-1)!.file).toBe(`agents/${agent.id}/manifest.json`);
      expect(
        entries.filter(
          (t) => t.file.startsWith(`agents/${agent.id}/src/modules/`) && !t.file.endsWith('.spec.ts'),
        ),
      ).toHaveLength(spec.modules.length);
      expect(
        entries.filter((t) => t.file.startsWith(`agents/${agent.id}/docs/`) && t.file.endsWith('.md')),
      ).toHaveLength(spec.docs.length);
    }
    expect(plan.todo.some((t) => t.ownership === 'user')).toBe(true);
    expect(plan.todo.some((t) => t.ownership === 'generated' && t.file.includes('/src/modules/'))).toBe(true);
  });
});

describe('determinism', () => {
  const baseline = planEcosystem(EXAMPLE, options).plan!;
  const bytes = canonicalJsonPretty(baseline);

  it('gives the same plan bytes and hash for any file order and on every run', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(EXAMPLE, { minLength: 2, maxLength: 2 }), (files) => {
        const again = planEcosystem(files, options).plan!;
        expect(again.hash).toBe(baseline.hash);
        expect(canonicalJsonPretty(again)).toBe(bytes);
      }),
      { numRuns: 10 },
    );
  });

  it('changes the hash when a schema changes', () => {
    const edited = EXAMPLE.map((f) =>
      f.path.endsWith('.yaml')
        ? { ...f, content: String(f.content).replace('timeout_ms: 2000', 'timeout_ms: 2500') }
        : f,
    );
    expect(String(edited[1]!.content)).not.toBe(String(EXAMPLE[1]!.content));
    const plan = planEcosystem(edited, options).plan;
    expect(plan).not.toBeNull();
    expect(plan!.hash).not.toBe(baseline.hash);
  });

  it('gives the same result for the reference inputs in any order', () => {
    const names = [
      'sample_simple_agent.yaml',
      'sample_domain_adapter.yaml',
      'sample_orchestrator.yaml',
      'sympy_schema_v6.yaml',
    ];
    const forward = planEcosystem(names.map(referenceInput), options);
    const backward = planEcosystem([...names].reverse().map(referenceInput), options);
    expect(canonicalJsonPretty(backward.plan)).toBe(canonicalJsonPretty(forward.plan));
    expect(backward.diagnostics).toEqual(forward.diagnostics);
  });
});
