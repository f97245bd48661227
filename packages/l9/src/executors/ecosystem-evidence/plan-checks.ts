import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from '../../evidence';
import type { MetaTemplates } from '../../meta';
import { blocksGeneration, planEcosystem, planHash, planOptionsFromMeta, type LockedPlan } from '../../plan';
import type { SchemaFileInput } from '../../schema';

const PHASE = 0;

/** The lock's recorded hash against the hash of its own content: a hand edit to plan.lock.json shows here. */
function lockIntact(planFile: string, plan: LockedPlan): Verdict {
  const { hash, ...body } = plan;
  const actual = planHash(body);
  return {
    id: 'plan-lock-intact',
    phase: PHASE,
    title: 'the locked plan is the content its hash was taken of',
    passed: actual === hash,
    evidence: [
      {
        file: planFile,
        detail:
          actual === hash
            ? `sha256 of the plan's content is ${hash}, the hash it records`
            : `records hash ${hash}, but its content hashes to ${actual}: it was edited after locking`,
      },
    ],
  };
}

/**
 * Phase 0 redone: the schema files the plan records are ingested, ordered and locked again, as the
 * generators do, and the hash compared with the one plan.lock.json records. A schema edited since the
 * lock (and not regenerated), a file gone, or a schema that no longer plans, fails the check, named.
 */
function recomputed(workspaceRoot: string, planFile: string, plan: LockedPlan, meta: MetaTemplates): Verdict {
  const title = 'the plan hash recomputed from the schema files equals the locked one';
  const fail = (evidence: Verdict['evidence']): Verdict => ({
    id: 'plan-hash-recomputed',
    phase: PHASE,
    title,
    passed: false,
    evidence,
  });
  const files: SchemaFileInput[] = [];
  const missing: Verdict['evidence'] = [];
  for (const path of plan.inputs) {
    try {
      files.push({ path, content: readFileSync(join(workspaceRoot, path)) });
    } catch (error) {
      missing.push({
        file: path,
        detail: `schema file the plan records cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      });
    }
  }
  if (missing.length > 0) return fail(missing);
  const options = planOptionsFromMeta(meta);
  const result = planEcosystem(files, options);
  if (!result.plan || blocksGeneration(result.diagnostics, options.strict)) {
    const blocking = result.diagnostics.filter(
      (d) => d.severity === 'error' || (options.strict && d.severity === 'warning'),
    );
    return fail(
      blocking.length > 0
        ? blocking.map((d) => ({ file: d.file, line: d.line, detail: `${d.code} ${d.message}` }))
        : [{ file: planFile, detail: 'the schema files no longer lock a plan' }],
    );
  }
  if (result.plan.hash !== plan.hash) {
    return fail([
      {
        file: planFile,
        detail: `records ${plan.hash}; ${plan.inputs.join(', ')} now lock ${result.plan.hash}: regenerate the ecosystem (nx sync)`,
      },
    ]);
  }
  return {
    id: 'plan-hash-recomputed',
    phase: PHASE,
    title,
    passed: true,
    evidence: [{ file: planFile, detail: `${plan.hash} recomputed from ${plan.inputs.join(', ')}` }],
  };
}

/** The checks of phase 0 the evidence records for the ecosystem. */
export function planChecks(
  workspaceRoot: string,
  planFile: string,
  plan: LockedPlan,
  meta: MetaTemplates,
): Verdict[] {
  return [lockIntact(planFile, plan), recomputed(workspaceRoot, planFile, plan, meta)];
}
