import { checkLineage, LegChecks, runLeg } from './leg-checks';
import type { Envelope } from './inspection-client';
import { countBySource, integrationReport, type MatrixRun } from './matrix-result';
import { matrixTable } from './matrix-table';
import type { PairResult } from './pair-check';

const pass = { status: 'pass' as const, failures: [] };
const pair = (
  source: string,
  destination: string,
  passed: boolean,
  backends: PairResult['backends'] = 'embedded',
): PairResult => ({
  source,
  destination,
  backends,
  rest: passed
    ? pass
    : { status: 'fail', failures: [`${destination} answered 500, expected 200 (hybrid mode)`] },
  stream: { status: 'n/a', failures: [], note: 'in-process bus' },
  escalation: pass,
  a2a: pass,
  lineage: pass,
  passed,
});

const run = (backends: MatrixRun['backends'], pairs: PairResult[]): MatrixRun => ({
  backends,
  stream: backends === 'embedded' ? 'not-shared' : 'shared',
  agents: 3,
  duration_ms: 2500,
  pairs,
});

describe('matrix results', () => {
  it('counts passed pairs per source agent, over every run', () => {
    const embedded = run('embedded', [pair('a', 'b', true), pair('a', 'c', false), pair('b', 'a', true)]);
    const redis = run('redis+postgres', [
      pair('a', 'b', true, 'redis+postgres'),
      pair('a', 'c', true, 'redis+postgres'),
      pair('b', 'a', true, 'redis+postgres'),
    ]);
    expect(countBySource(embedded.pairs)).toEqual({ a: { passed: 1, total: 2 }, b: { passed: 1, total: 1 } });
    const report = integrationReport([embedded, redis]);
    expect(report.by_source).toEqual({ a: { passed: 3, total: 4 }, b: { passed: 2, total: 2 } });
    expect([report.passed, report.total, report.backends]).toEqual([5, 6, ['embedded', 'redis+postgres']]);
    expect(report.runs).toEqual([
      { backends: 'embedded', passed: 2, total: 3, detail: 'integration-embedded.json' },
      { backends: 'redis+postgres', passed: 3, total: 3, detail: 'integration-redis-postgres.json' },
    ]);
  });

  it('prints one row per pair and spells out each failure', () => {
    const table = matrixTable(run('embedded', [pair('a', 'b', true), pair('a', 'c', false)]));
    expect(table).toContain('pair   rest  stream  escalation  a2a   lineage  verdict');
    expect(table).toContain('a → b  pass  n/a     pass        pass  pass     PASS');
    expect(table).toContain('a → c  fail  n/a     pass        pass  pass     FAIL');
    expect(table).toContain('1/2 pairs passed in 2.5 s');
    expect(table).toContain('  a → c rest: c answered 500, expected 200 (hybrid mode)');
  });
});

describe('leg checks', () => {
  const request: Envelope = {
    packet_id: 'p1',
    packet_type: 't',
    source_agent: 'a',
    destination_agent: 'b',
    payload: {},
    metadata: { trace_id: 'tr' },
    lineage: { parent_ids: [], root_packet_id: 'p1', generation: 0 },
  };

  it('accepts a child answer and names every way a non-child differs', () => {
    const ok = new LegChecks();
    checkLineage(ok, 'rest', request, {
      ...request,
      packet_id: 'p2',
      lineage: { parent_ids: ['p1'], root_packet_id: 'p1', generation: 1 },
    });
    expect(ok.result()).toEqual({ status: 'pass', failures: [] });
    const bad = new LegChecks();
    checkLineage(bad, 'rest', request, {
      ...request,
      packet_id: 'p3',
      metadata: { trace_id: 'other' },
      lineage: { parent_ids: [], root_packet_id: 'p3', generation: 0 },
    });
    expect(bad.result().failures).toHaveLength(4);
  });

  it('turns an agent that does not answer into a failed leg, not a crashed matrix', async () => {
    const checks = new LegChecks();
    const result = await runLeg(checks, async () => {
      throw new Error('GET /b/inspection/audit answered 503');
    });
    expect(result).toEqual({ status: 'fail', failures: ['GET /b/inspection/audit answered 503'] });
  });
});
