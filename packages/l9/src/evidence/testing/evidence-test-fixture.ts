import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sha256Hex } from '@l9/runtime/shared';
import { workspaceMeta } from '../../testing/workspace-meta';
import type { AgentEvidence } from '../agent-evidence';
import type { BuildEvidenceInput, IntegrationCounts, MatrixRecord } from '../build-evidence-statement';

/**
 * A three-agent ecosystem on disk for the evidence tests: alpha in wave 1; beta (hard) and gamma (soft)
 * depending on it in wave 2. Every agent has two generated files and one user-owned domain module.
 */
export interface FixtureOptions {
  tests?: Partial<Record<string, IntegrationCounts>>;
  names?: Partial<Record<string, string>>;
  integration?: Record<string, IntegrationCounts>;
  /** What the matrix recorded; default: it ran and no pair failed. */
  matrix?: Partial<MatrixRecord>;
}

export interface EvidenceFixture {
  root: string;
  input: BuildEvidenceInput;
  cleanup(): void;
}

const IDS = ['alpha', 'beta', 'gamma'] as const;

export function evidenceFixture(options: FixtureOptions = {}): EvidenceFixture {
  const root = mkdtempSync(join(tmpdir(), 'l9-evidence-'));
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
    return sha256Hex(content);
  };
  const nameOf = (id: string) => options.names?.[id] ?? `${id[0]!.toUpperCase()}${id.slice(1)}Agent`;
  const agents: AgentEvidence[] = IDS.map((id) => {
    const contract = `agents/${id}/src/generated/contract.ts`;
    const manifest = `agents/${id}/manifest.json`;
    const module = `agents/${id}/src/modules/scorer.ts`;
    return {
      format: 'l9/agent-evidence@1',
      agent: { id, name: nameOf(id), version: '6.0.0' },
      spec_sha256: sha256Hex(`spec of ${id}`),
      files: [
        {
          path: contract,
          sha256: write(contract, `// generated contract of ${id}\n`),
          ownership: 'generated',
          default: false,
        },
        {
          path: manifest,
          sha256: write(manifest, `{"agent":"${id}"}\n`),
          ownership: 'generated',
          default: false,
        },
        {
          path: module,
          sha256: write(module, `export const score = () => 1; // ${id}\n`),
          ownership: 'user',
          default: true,
        },
      ],
      gates: {
        tests: options.tests?.[id] ?? { passed: 20, total: 20 },
        coverage_lines: { covered: 90, total: 100 },
        forbidden_markers: { found: 0, files_scanned: 3, files_with_markers: 0 },
      },
      verdicts: [
        {
          id: 'endpoints-routed',
          phase: 5,
          title: 'every declared endpoint routed',
          passed: true,
          evidence: [{ file: contract, line: 3, detail: '2 routes match the schema' }],
        },
      ],
      domain_modules_with_default: ['scorer'],
      governance: { mode: 'escalate', anchors: ['Igor'], human_override: true, audit_scope: ['decisions'] },
    };
  });
  const input: BuildEvidenceInput = {
    ecosystemId: 'demo-ecosystem',
    planFile: 'agents/demo-ecosystem/plan.lock.json',
    plan: {
      hash: sha256Hex('plan'),
      title: 'Demo ecosystem',
      inputs: ['schemas/demo.md'],
      agents: IDS.map((id, i) => ({
        id,
        name: nameOf(id),
        route_prefix: id,
        wave: i === 0 ? 0 : 1,
        port: 8000 + i,
        spec_sha256: sha256Hex(`spec of ${id}`),
      })),
      waves: [[nameOf('alpha')], [nameOf('beta'), nameOf('gamma')]],
      edges: [
        { from: nameOf('alpha'), to: nameOf('beta'), kind: 'hard' },
        { from: nameOf('alpha'), to: nameOf('gamma'), kind: 'soft' },
      ],
      todo: IDS.flatMap((id) =>
        [
          `agents/${id}/src/generated/contract.ts`,
          `agents/${id}/manifest.json`,
          `agents/${id}/src/modules/scorer.ts`,
        ].map((file) => ({ agent: nameOf(id), file })),
      ),
      matrix: { rule: 'every-ordered-pair', pairs: 6 },
    },
    agents,
    integration: options.integration ?? {
      alpha: { passed: 2, total: 2 },
      beta: { passed: 2, total: 2 },
      gamma: { passed: 2, total: 2 },
    },
    matrix: {
      file: 'agents/demo-ecosystem/.l9/integration.json',
      recorded: true,
      failedPairs: [],
      ...options.matrix,
    },
    ecosystemChecks: [
      {
        id: 'plan-hash-recomputed',
        phase: 0,
        title: 'the plan hash recomputed from the schema files equals the locked one',
        passed: true,
        evidence: [
          {
            file: 'agents/demo-ecosystem/plan.lock.json',
            detail: `${sha256Hex('plan')} recomputed from schemas/demo.md`,
          },
        ],
      },
    ],
    checklist: workspaceMeta().validationChecklist,
  };
  return { root, input, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
