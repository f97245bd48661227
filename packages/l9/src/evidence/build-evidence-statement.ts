import { canonicalSha256 } from '@l9/runtime/shared';
import type { QualityGate, ValidationChecklistMeta } from '../meta/validation-checklist-meta';
import { agentEvidenceSchema, type AgentEvidence } from './agent-evidence';
import { decideCompletion, decideGates } from './decide-gates';
import type { Verdict } from './evidence-fields';
import {
  EVIDENCE_PREDICATE_TYPE,
  STATEMENT_TYPE,
  parseEvidenceStatement,
  type EvidenceStatement,
  type StatementAgent,
} from './evidence-statement';
import { sumTallies, type GateTally } from './gate-tally';
import { completionScopes, subjectsOf } from './statement-consistency';

/** The parts of a locked plan the evidence records (a `LockedPlan` has them all). */
export interface PlanForEvidence {
  hash: string;
  title?: string;
  inputs: readonly string[];
  /** In topological order. */
  agents: ReadonlyArray<{
    id: string;
    name: string;
    route_prefix: string;
    wave: number;
    port: number;
    spec_sha256: string;
  }>;
  /** Agent names. */
  waves: ReadonlyArray<readonly string[]>;
  edges: ReadonlyArray<{ from: string; to: string; kind: 'hard' | 'soft' }>;
  todo: ReadonlyArray<{ agent: string; file: string }>;
  matrix: { rule: string; pairs: number };
}

export interface IntegrationCounts {
  passed: number;
  total: number;
}

/** Whether the integration matrix recorded a result, and which of its pair runs failed. */
export interface MatrixRecord {
  /** The result file, cited by the checks. */
  file: string;
  /** False when the matrix did not run or did not finish. */
  recorded: boolean;
  /** One line per failed pair run, naming the pair, the backends and the failed legs. */
  failedPairs: readonly string[];
}

export interface BuildEvidenceInput {
  ecosystemId: string;
  plan: PlanForEvidence;
  /** Workspace-relative path of the locked plan, cited by the checks made against it. */
  planFile: string;
  /** One per planned agent, in any order. */
  agents: readonly AgentEvidence[];
  /** Integration pair runs by the id of the agent that sends; an agent without runs counts 0 of 0. */
  integration: Readonly<Record<string, IntegrationCounts>>;
  matrix: MatrixRecord;
  /** Checks of the ecosystem made outside the statement, e.g. phase 0's plan hash recomputed from the schemas. */
  ecosystemChecks: readonly Verdict[];
  checklist: Pick<ValidationChecklistMeta, 'gates' | 'evidence_sections'>;
}

/**
 * Phase 6: the ecosystem statement, from each agent's evidence and the locked plan. Gate verdicts are
 * decided here against the checklist's thresholds, per agent and over the summed counts, and the checks
 * only the plan can answer (spec recorded against the locked spec, planned files present, integration
 * matrix run) are added as verdicts. The result is validated as any statement read back would be.
 */
export function buildEvidenceStatement(input: BuildEvidenceInput): EvidenceStatement {
  const { plan, checklist } = input;
  const evidenceById = indexEvidence(input.agents, plan);
  const idOf = new Map(plan.agents.map((a) => [a.name, a.id]));
  for (const id of Object.keys(input.integration)) {
    if (!plan.agents.some((a) => a.id === id))
      throw new Error(`integration results name agent "${id}", which is not in the locked plan`);
  }

  const agents: StatementAgent[] = [];
  const agentGates: Array<{ agent: string; counts: GateTally; outcomes: ReturnType<typeof decideGates> }> =
    [];
  const agentVerdicts: Array<{ agent: string; checks: Verdict[] }> = [];
  for (const planned of plan.agents) {
    const evidence = evidenceById.get(planned.id)!;
    const present = new Set(evidence.files.map((f) => f.path));
    const missing = plan.todo
      .filter((t) => t.agent === planned.name && !present.has(t.file))
      .map((t) => t.file);
    agents.push({
      id: planned.id,
      name: planned.name,
      version: evidence.agent.version,
      wave: planned.wave,
      port: planned.port,
      route_prefix: planned.route_prefix,
      spec_sha256: evidence.spec_sha256,
      evidence_sha256: canonicalSha256(evidence),
      planned_files: plan.todo.filter((t) => t.agent === planned.name).length,
      missing_planned_files: missing,
      files: [...evidence.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      domain_modules_with_default: [...evidence.domain_modules_with_default].sort(),
      governance: evidence.governance,
    });
    const counts: GateTally = {
      tests: evidence.gates.tests,
      integration: input.integration[planned.id] ?? { passed: 0, total: 0 },
      coverage_lines: evidence.gates.coverage_lines,
      forbidden_markers: evidence.gates.forbidden_markers,
    };
    agentGates.push({ agent: planned.id, counts, outcomes: decideGates(counts, checklist.gates) });
    agentVerdicts.push({
      agent: planned.id,
      checks: [...evidence.verdicts, ...planChecks(input.planFile, planned, evidence, missing)],
    });
  }

  const ecosystemCounts = sumTallies(agentGates.map((g) => g.counts));
  const thresholds: QualityGate[] = checklist.gates.map((g) => ({ ...g }));
  const predicate: EvidenceStatement['predicate'] = {
    plan_hash: plan.hash,
    ecosystem: { id: input.ecosystemId, title: plan.title ?? input.ecosystemId },
    inputs: [...plan.inputs],
    report_sections: checklist.evidence_sections.map((s) => ({ ...s })),
    thresholds,
    agents,
    order: plan.agents.map((a) => a.id),
    waves: plan.waves.map((wave) => wave.map((name) => idOf.get(name) ?? name)),
    edges: plan.edges.map((e) => ({
      from: idOf.get(e.from) ?? e.from,
      to: idOf.get(e.to) ?? e.to,
      kind: e.kind,
    })),
    integration_matrix: { rule: plan.matrix.rule, pairs: plan.matrix.pairs },
    gates: {
      ecosystem: { counts: ecosystemCounts, outcomes: decideGates(ecosystemCounts, thresholds) },
      agents: agentGates,
    },
    verdicts: {
      ecosystem: [
        ...input.ecosystemChecks,
        matrixCheck(input.planFile, plan.matrix.pairs, ecosystemCounts.integration.total, input.matrix),
      ],
      agents: agentVerdicts,
    },
    completion: { complete: false, failed_gates: [], failed_checks: [] },
  };
  predicate.completion = decideCompletion(completionScopes(predicate));
  return parseEvidenceStatement({
    _type: STATEMENT_TYPE,
    subject: subjectsOf(agents),
    predicateType: EVIDENCE_PREDICATE_TYPE,
    predicate,
  });
}

function indexEvidence(
  evidence: readonly AgentEvidence[],
  plan: PlanForEvidence,
): Map<string, AgentEvidence> {
  const byId = new Map<string, AgentEvidence>();
  for (const raw of evidence) {
    const parsed = agentEvidenceSchema.safeParse(raw);
    const label = (raw as { agent?: { id?: unknown } })?.agent?.id ?? '(unnamed)';
    if (!parsed.success)
      throw new Error(
        `evidence of agent ${String(label)} is invalid:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
      );
    if (byId.has(parsed.data.agent.id))
      throw new Error(`evidence of agent ${parsed.data.agent.id} was given twice`);
    if (!plan.agents.some((a) => a.id === parsed.data.agent.id))
      throw new Error(
        `evidence was given for agent ${parsed.data.agent.id}, which is not in the locked plan`,
      );
    byId.set(parsed.data.agent.id, parsed.data);
  }
  const missing = plan.agents.filter((a) => !byId.has(a.id)).map((a) => a.id);
  if (missing.length > 0)
    throw new Error(`no evidence for ${missing.join(', ')}: run their evidence targets first`);
  return byId;
}

/** Checks that need the locked plan: the evidence describes the locked spec, and every planned file exists. */
function planChecks(
  planFile: string,
  planned: PlanForEvidence['agents'][number],
  evidence: AgentEvidence,
  missing: readonly string[],
): Verdict[] {
  const specMatches = evidence.spec_sha256 === planned.spec_sha256;
  return [
    {
      id: 'spec-matches-plan',
      phase: 1,
      title: 'evidence recorded for the spec the plan locked',
      passed: specMatches,
      evidence: [
        {
          file: planFile,
          detail: specMatches
            ? `spec sha256 ${planned.spec_sha256}`
            : `evidence was recorded for spec ${evidence.spec_sha256}, the plan locked ${planned.spec_sha256}`,
        },
      ],
    },
    {
      id: 'planned-files-present',
      phase: 2,
      title: 'every file of the locked plan exists',
      passed: missing.length === 0,
      evidence:
        missing.length > 0
          ? missing.map((file) => ({ file, detail: 'planned in the locked plan but absent' }))
          : [{ file: planFile, detail: `${evidence.files.length} files present` }],
    },
  ];
}

/**
 * The matrix ran, finished and measured every ordered pair of the plan. Nothing measured proves nothing: a
 * plan with no pair (one agent) or a matrix that recorded no result is not complete. Whether enough pairs
 * passed is the integration gate's to decide; the pair runs that failed are named here, by pair, backends
 * and leg, so the report says which.
 */
function matrixCheck(planFile: string, pairs: number, runs: number, matrix: MatrixRecord): Verdict {
  const failed = matrix.failedPairs.map((detail) => ({ file: matrix.file, detail: `failed: ${detail}` }));
  const counted =
    runs > 0 ? ` (the ${runs} pair runs the pair tasks that finished recorded are counted)` : '';
  const outcome = !matrix.recorded
    ? {
        passed: false,
        detail: `the integration matrix did not run or did not finish: it recorded no result${counted}`,
        file: matrix.file,
      }
    : pairs === 0
      ? {
          passed: false,
          detail: 'the plan has no pair of agents, so the integration matrix measured nothing',
          file: planFile,
        }
      : {
          passed: runs >= pairs,
          detail: `${runs} pair runs recorded for ${pairs} ordered pairs`,
          file: planFile,
        };
  return {
    id: 'integration-matrix-run',
    phase: 4,
    title: 'every ordered agent pair of the integration matrix was run',
    passed: outcome.passed,
    evidence: [{ file: outcome.file, detail: outcome.detail }, ...failed],
  };
}
