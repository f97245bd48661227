import type { AgentRuntime } from '../agent/agent-runtime';
import { createTestRuntime } from '../agent/test-runtime';
import { ComplianceCheckerRole, ComplianceError } from './compliance-checker-role';
import { roleTestBlueprint } from './role-test-support';

describe('ComplianceCheckerRole', () => {
  let runtime: AgentRuntime;
  let checker: ComplianceCheckerRole;

  beforeEach(async () => {
    runtime = await createTestRuntime(roleTestBlueprint());
    checker = new ComplianceCheckerRole(runtime);
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('records scope events in the audit chain and reports a verified chain with full coverage', async () => {
    expect(checker.scope).toEqual(['inference_calls', 'anomaly_flags']);
    expect(await checker.record('inference_calls', 'p-1', { model: 'v1' })).toBe(1);
    expect(await checker.record('anomaly_flags', 'p-2')).toBe(2);
    const report = await checker.check();
    expect(report).toMatchObject({
      agent: 'scorer-agent',
      compliant: true,
      coverage: { inference_calls: 1, anomaly_flags: 1 },
      findings: [],
    });
    expect(report.chain.checked).toBe(2);
  });

  it('refuses events outside the scope and reports uncovered items and paused escalations', async () => {
    await expect(checker.record('model_loading', null)).rejects.toBeInstanceOf(ComplianceError);
    expect(checker.inScope('model_loading')).toBe(false);
    await checker.record('inference_calls', 'p-1');
    await runtime.governance.evaluate({
      id: 'd',
      agent: 'scorer-agent',
      action: 'score',
      signals: { anomaly_score: 1 },
    });
    const report = await checker.check();
    expect(report.compliant).toBe(true);
    expect(report.findings.map((f) => [f.severity, f.code])).toEqual([
      ['warning', 'scope_uncovered'],
      ['info', 'escalations_paused'],
    ]);
  });

  it('is not compliant when the audit chain does not verify', async () => {
    await checker.record('inference_calls', 'p-1');
    const broken = {
      ...runtime,
      audit: {
        ...runtime.audit,
        verify: async () => ({
          ok: false,
          checked: 1,
          headSeq: 1,
          problems: [{ seq: 1, kind: 'edited' as const, message: 'entry 1 does not match its hash' }],
        }),
        append: runtime.audit.append.bind(runtime.audit),
      },
    } as unknown as AgentRuntime;
    const report = await new ComplianceCheckerRole(broken, { scope: [] }).check();
    expect(report.compliant).toBe(false);
    expect(report.findings).toEqual([
      {
        severity: 'error',
        code: 'audit_chain',
        message: 'audit entry 1 edited: entry 1 does not match its hash',
      },
    ]);
  });
});
