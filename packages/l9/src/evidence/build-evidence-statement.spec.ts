import { canonicalize } from '@l9/runtime/shared';
import { buildEvidenceStatement } from './build-evidence-statement';
import { parseEvidenceStatement } from './evidence-statement';
import { evidenceFixture, type EvidenceFixture } from './testing/evidence-test-fixture';

describe('buildEvidenceStatement', () => {
  let fixture: EvidenceFixture;
  afterEach(() => fixture.cleanup());

  it('records every file, generated and user-owned, as a subject, sorted, and declares completion when every gate passed', () => {
    fixture = evidenceFixture();
    const statement = buildEvidenceStatement(fixture.input);
    const names = statement.subject.map((s) => s.name);
    expect(names).toEqual([...names].sort());
    expect(names).toHaveLength(9);
    expect(names.filter((n) => n.includes('/modules/'))).toEqual([
      'agents/alpha/src/modules/scorer.ts',
      'agents/beta/src/modules/scorer.ts',
      'agents/gamma/src/modules/scorer.ts',
    ]);
    expect(statement.predicate.order).toEqual(['alpha', 'beta', 'gamma']);
    expect(statement.predicate.waves).toEqual([['alpha'], ['beta', 'gamma']]);
    expect(statement.predicate.edges).toEqual([
      { from: 'alpha', to: 'beta', kind: 'hard' },
      { from: 'alpha', to: 'gamma', kind: 'soft' },
    ]);
    expect(statement.predicate.gates.ecosystem.counts.tests).toEqual({ passed: 60, total: 60 });
    expect(statement.predicate.completion).toEqual({ complete: true, failed_gates: [], failed_checks: [] });
  });

  it('passes 19 of 20 tests at a 95 % gate and fails 18 of 20, naming the agent and the counts', () => {
    fixture = evidenceFixture({ tests: { beta: { passed: 19, total: 20 } } });
    expect(buildEvidenceStatement(fixture.input).predicate.completion.complete).toBe(true);
    fixture.cleanup();

    fixture = evidenceFixture({ tests: { beta: { passed: 18, total: 20 } } });
    const { completion, gates } = buildEvidenceStatement(fixture.input).predicate;
    expect(completion.complete).toBe(false);
    expect(completion.failed_gates).toEqual([{ scope: 'beta', gate: 'tests', passed: 18, total: 20 }]);
    // 58 of 60 summed is still 96.6 %: the ecosystem gate passes while the agent's fails.
    expect(gates.ecosystem.outcomes.find((o) => o.gate === 'tests')).toEqual({
      gate: 'tests',
      passed: 58,
      total: 60,
      ok: true,
    });
  });

  it('takes the thresholds from the checklist it is given', () => {
    fixture = evidenceFixture({ tests: { beta: { passed: 18, total: 20 } } });
    const gates = fixture.input.checklist.gates.map((g) =>
      g.id === 'tests' ? { ...g, min_percent: 90 } : g,
    );
    const statement = buildEvidenceStatement({
      ...fixture.input,
      checklist: { ...fixture.input.checklist, gates },
    });
    expect(statement.predicate.thresholds.find((t) => t.id === 'tests')!.min_percent).toBe(90);
    expect(statement.predicate.completion.complete).toBe(true);
  });

  it('fails completion when the integration matrix measured nothing: the integration gates fail on 0 of 0 and so does the matrix check', () => {
    fixture = evidenceFixture({ integration: {} });
    const { completion } = buildEvidenceStatement(fixture.input).predicate;
    expect(completion.failed_gates).toEqual(
      ['ecosystem', 'alpha', 'beta', 'gamma'].map((scope) => ({
        scope,
        gate: 'integration',
        passed: 0,
        total: 0,
      })),
    );
    expect(completion.failed_checks).toEqual([
      { scope: 'ecosystem', check: 'integration-matrix-run', phase: 4, title: expect.any(String) },
    ]);
  });

  it('does not complete an ecosystem whose matrix did not finish, counting the pair runs that did and naming those that failed', () => {
    fixture = evidenceFixture({
      integration: {
        alpha: { passed: 2, total: 2 },
        beta: { passed: 1, total: 2 },
        gamma: { passed: 2, total: 2 },
      },
      matrix: { recorded: false, failedPairs: ['beta → alpha (embedded): rest: 500 from /alpha/packets'] },
    });
    const { completion, verdicts, gates } = buildEvidenceStatement(fixture.input).predicate;
    expect(completion.complete).toBe(false);
    expect(completion.failed_checks).toEqual([
      { scope: 'ecosystem', check: 'integration-matrix-run', phase: 4, title: expect.any(String) },
    ]);
    expect(gates.ecosystem.counts.integration).toEqual({ passed: 5, total: 6 });
    const run = verdicts.ecosystem.find((v) => v.id === 'integration-matrix-run')!;
    expect(run.evidence).toEqual([
      {
        file: 'agents/demo-ecosystem/.l9/integration.json',
        detail: expect.stringContaining('did not run or did not finish'),
      },
      {
        file: 'agents/demo-ecosystem/.l9/integration.json',
        detail: 'failed: beta → alpha (embedded): rest: 500 from /alpha/packets',
      },
    ]);
  });

  it('does not complete an ecosystem whose plan has no pair: an empty matrix proves nothing', () => {
    fixture = evidenceFixture({ integration: {} });
    const plan = { ...fixture.input.plan, matrix: { rule: 'every-ordered-pair', pairs: 0 } };
    const { completion, verdicts } = buildEvidenceStatement({ ...fixture.input, plan }).predicate;
    expect(completion.failed_checks.map((c) => c.check)).toEqual(['integration-matrix-run']);
    expect(verdicts.ecosystem.find((v) => v.id === 'integration-matrix-run')!.evidence[0]!.detail).toContain(
      'measured nothing',
    );
  });

  it('records the ecosystem checks it is given, and a failed one keeps the ecosystem from completing', () => {
    fixture = evidenceFixture();
    const drift = {
      id: 'plan-hash-recomputed',
      phase: 0,
      title: 'plan hash recomputed',
      passed: false,
      evidence: [
        { file: 'agents/demo-ecosystem/plan.lock.json', detail: 'records a; the schemas now lock b' },
      ],
    };
    const { completion, verdicts } = buildEvidenceStatement({
      ...fixture.input,
      ecosystemChecks: [drift],
    }).predicate;
    expect(verdicts.ecosystem[0]).toEqual(drift);
    expect(completion.failed_checks).toEqual([
      { scope: 'ecosystem', check: 'plan-hash-recomputed', phase: 0, title: 'plan hash recomputed' },
    ]);
  });

  it('fails the checks of an agent whose evidence is for another spec or lacks a planned file', () => {
    fixture = evidenceFixture();
    const [alpha, ...rest] = fixture.input.agents;
    const stale = { ...alpha!, spec_sha256: 'f'.repeat(64), files: alpha!.files.slice(1) };
    const { completion } = buildEvidenceStatement({ ...fixture.input, agents: [stale, ...rest] }).predicate;
    expect(completion.failed_checks.map((c) => `${c.scope}:${c.check}`)).toEqual([
      'alpha:spec-matches-plan',
      'alpha:planned-files-present',
    ]);
  });

  it('refuses evidence that is missing, duplicated, unplanned or malformed, saying which agent', () => {
    fixture = evidenceFixture();
    const { agents } = fixture.input;
    expect(() => buildEvidenceStatement({ ...fixture.input, agents: agents.slice(1) })).toThrow(
      'no evidence for alpha',
    );
    expect(() => buildEvidenceStatement({ ...fixture.input, agents: [...agents, agents[0]!] })).toThrow(
      'evidence of agent alpha was given twice',
    );
    expect(() =>
      buildEvidenceStatement({
        ...fixture.input,
        agents: [...agents, { ...agents[0]!, agent: { id: 'delta', name: 'Delta', version: '1' } }],
      }),
    ).toThrow('delta, which is not in the locked plan');
    const escaping = {
      ...agents[0]!,
      files: [
        { path: '../outside.ts', sha256: 'a'.repeat(64), ownership: 'generated' as const, default: false },
      ],
    };
    expect(() =>
      buildEvidenceStatement({ ...fixture.input, agents: [escaping, ...agents.slice(1)] }),
    ).toThrow(/evidence of agent alpha is invalid:\n\s+files\.0\.path/);
    expect(() =>
      buildEvidenceStatement({ ...fixture.input, integration: { omega: { passed: 1, total: 1 } } }),
    ).toThrow('"omega"');
  });

  it('rejects a statement read back whose verdicts do not follow from its counts', () => {
    fixture = evidenceFixture();
    const statement = JSON.parse(canonicalize(buildEvidenceStatement(fixture.input)));
    statement.predicate.gates.agents[0].counts.tests = { passed: 1, total: 20 };
    expect(() => parseEvidenceStatement(statement)).toThrow(
      'gate verdicts of alpha do not follow from its counts',
    );
    statement.predicate.gates.agents[0].counts.tests = { passed: 20, total: 20 };
    statement.predicate.completion.complete = false;
    expect(() => parseEvidenceStatement(statement)).toThrow('completion does not follow');
    statement.predicate.completion.complete = true;
    statement.subject.pop();
    expect(() => parseEvidenceStatement(statement)).toThrow(
      'subjects must be exactly the files of every agent',
    );
  });
});
