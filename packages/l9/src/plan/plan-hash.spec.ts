import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalize } from '@l9/runtime/shared';
import { exampleInput, workspaceRoot } from '../testing/reference-inputs';
import { workspaceMeta } from '../testing/workspace-meta';
import type { LockedPlan } from './lock-plan';
import { planEcosystem } from './plan-ecosystem';
import { planOptionsFromMeta } from './plan-options-from-meta';
import { canonicalJsonPretty } from './plan-lock-format';

// Digests computed here with node:crypto directly, so the check does not lean on the helper the plan uses.
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('the plan hash', () => {
  const options = planOptionsFromMeta(workspaceMeta(), {});
  const result = planEcosystem(
    [exampleInput('tensoraios-ecosystem.md'), exampleInput('main-agent.yaml')],
    options,
  );

  it('is the sha256 of the runtime’s canonical JSON of every other field, as the agents compute hashes', () => {
    const { hash, ...body } = result.plan!;
    expect(hash).toBe(sha256(canonicalize(body)));
    for (const agent of result.plan!.agents) {
      const spec = result.ecosystem.agents.find((candidate) => candidate.name === agent.name)!;
      expect([agent.name, agent.spec_sha256]).toEqual([agent.name, sha256(canonicalize(spec))]);
    }
  });

  it('is recomputed from the committed plan.lock.json, whose bytes are the canonical form indented', () => {
    const path = join(workspaceRoot(), 'agents', 'tensoraios-ecosystem', 'plan.lock.json');
    const text = readFileSync(path, 'utf8');
    const { hash, ...body } = JSON.parse(text) as LockedPlan;
    expect(hash).toBe(sha256(canonicalize(body)));
    expect(hash).toBe(result.plan!.hash);
    expect(text).toBe(canonicalJsonPretty(result.plan));
  });
});
