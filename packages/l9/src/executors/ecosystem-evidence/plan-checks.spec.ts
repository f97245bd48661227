import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LockedPlan } from '../../plan';
import { workspaceRoot } from '../../testing/reference-inputs';
import { workspaceMeta } from '../../testing/workspace-meta';
import { planChecks } from './plan-checks';

const PLAN_FILE = 'agents/tensoraios-ecosystem/plan.lock.json';

describe('the phase 0 checks of the ecosystem evidence', () => {
  let root: string;
  const plan = (): LockedPlan => JSON.parse(readFileSync(join(root, PLAN_FILE), 'utf8')) as LockedPlan;
  const verdicts = (locked = plan()) =>
    Object.fromEntries(planChecks(root, PLAN_FILE, locked, workspaceMeta()).map((v) => [v.id, v]));

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'l9-plan-checks-'));
    cpSync(join(workspaceRoot(), 'templates', 'examples'), join(root, 'templates', 'examples'), {
      recursive: true,
    });
    cpSync(join(workspaceRoot(), PLAN_FILE), join(root, PLAN_FILE));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('recompute the committed example plan from its schema files and find the hash it records', () => {
    const locked = plan();
    const { 'plan-lock-intact': intact, 'plan-hash-recomputed': recomputed } = verdicts(locked);
    expect(intact).toMatchObject({ phase: 0, passed: true });
    expect(recomputed).toMatchObject({
      phase: 0,
      passed: true,
      evidence: [{ file: PLAN_FILE, detail: `${locked.hash} recomputed from ${locked.inputs.join(', ')}` }],
    });
  });

  it('fail when a schema file changed since the plan was locked, naming both hashes', () => {
    const locked = plan();
    const collection = locked.inputs.find((p) => p.endsWith('.md'))!;
    const text = readFileSync(join(root, collection), 'utf8');
    writeFileSync(join(root, collection), text.replaceAll('version: 6.0.0', 'version: 6.0.1'));
    expect(readFileSync(join(root, collection), 'utf8')).not.toBe(text);
    const { 'plan-hash-recomputed': recomputed, 'plan-lock-intact': intact } = verdicts(locked);
    expect(intact!.passed).toBe(true);
    expect(recomputed!.passed).toBe(false);
    expect(recomputed!.evidence[0]!.detail).toMatch(
      new RegExp(`^records ${locked.hash}; .* now lock [0-9a-f]{64}: regenerate`),
    );
  });

  it('fail when the lock was edited after its hash was taken, or a schema file it records is gone', () => {
    const edited = { ...plan(), title: 'Edited by hand' };
    expect(verdicts(edited)['plan-lock-intact']).toMatchObject({
      passed: false,
      evidence: [{ file: PLAN_FILE, detail: expect.stringContaining('it was edited after locking') }],
    });
    const gone = plan().inputs[0]!;
    rmSync(join(root, gone));
    expect(verdicts()['plan-hash-recomputed']).toMatchObject({
      passed: false,
      evidence: [{ file: gone, detail: expect.stringContaining('ENOENT') }],
    });
  });

  it('name the schema line when a schema file no longer plans', () => {
    const collection = plan().inputs.find((p) => p.endsWith('.md'))!;
    appendFileSync(join(root, collection), '\n```yaml\nname: [unclosed\n```\n');
    const recomputed = verdicts()['plan-hash-recomputed']!;
    expect(recomputed.passed).toBe(false);
    expect(recomputed.evidence[0]).toMatchObject({ file: collection, line: expect.any(Number) });
  });
});
