import * as z from 'zod';
import {
  EVIDENCE_SECTION_IDS,
  GATE_IDS,
  evidenceSectionSchema,
  qualityGateSchema,
} from '../meta/validation-checklist-meta';
import { agentGovernanceSchema, evidenceFileSchema } from './agent-evidence';
import { count, sha256Hex, verdictSchema, workspacePath } from './evidence-fields';
import { gateOutcomeSchema, gateTallySchema } from './gate-tally';
import { statementInconsistencies } from './statement-consistency';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const EVIDENCE_PREDICATE_TYPE = 'https://l9.dev/evidence/v1';

export const subjectSchema = z.strictObject({
  name: workspacePath,
  digest: z.strictObject({ sha256: sha256Hex }),
});

/** An agent as the statement records it: its place in the plan, its files and what is still default. */
export const statementAgentSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  version: z.string(),
  /** 0-based wave index of the locked plan. */
  wave: count,
  port: z.number().int().min(1).max(65535),
  route_prefix: z.string().min(1),
  spec_sha256: sha256Hex,
  /** sha256 of the canonical JSON of the agent evidence the statement was built from. */
  evidence_sha256: sha256Hex,
  planned_files: count,
  missing_planned_files: z.array(z.string()),
  files: z.array(evidenceFileSchema),
  domain_modules_with_default: z.array(z.string()),
  governance: agentGovernanceSchema,
});

const gateResultsShape = { counts: gateTallySchema, outcomes: z.array(gateOutcomeSchema) };

export const failedGateSchema = z.strictObject({
  scope: z.string().min(1),
  gate: z.enum(GATE_IDS),
  passed: count,
  total: count,
});
export const failedCheckSchema = z.strictObject({
  scope: z.string().min(1),
  check: z.string().min(1),
  phase: count,
  title: z.string(),
});

export const evidencePredicateSchema = z.strictObject({
  plan_hash: sha256Hex,
  ecosystem: z.strictObject({ id: z.string().min(1), title: z.string() }),
  /** The schema files the plan was built from. */
  inputs: z.array(z.string()),
  /** The report layout of the checklist template, so a renderer needs nothing but the statement. */
  report_sections: z.array(evidenceSectionSchema),
  /** The quality gates of the checklist template the counts were decided against. */
  thresholds: z.array(qualityGateSchema),
  /** Agents in topological order. */
  agents: z.array(statementAgentSchema),
  /** Agent ids in topological order, and grouped into waves that can run in parallel. */
  order: z.array(z.string()),
  waves: z.array(z.array(z.string())),
  /** From the agent that must be ready first to the agent that needs it, by id. */
  edges: z.array(z.strictObject({ from: z.string(), to: z.string(), kind: z.enum(['hard', 'soft']) })),
  integration_matrix: z.strictObject({ rule: z.string(), pairs: count }),
  gates: z.strictObject({
    ecosystem: z.strictObject(gateResultsShape),
    agents: z.array(z.strictObject({ agent: z.string(), ...gateResultsShape })),
  }),
  verdicts: z.strictObject({
    ecosystem: z.array(verdictSchema),
    agents: z.array(z.strictObject({ agent: z.string(), checks: z.array(verdictSchema) })),
  }),
  completion: z.strictObject({
    complete: z.boolean(),
    failed_gates: z.array(failedGateSchema),
    failed_checks: z.array(failedCheckSchema),
  }),
});

/** An in-toto v1 Statement: the digests of every file of every agent, and what the L9 phases proved about them. */
export const evidenceStatementSchema = z
  .strictObject({
    _type: z.literal(STATEMENT_TYPE),
    subject: z.array(subjectSchema),
    predicateType: z.literal(EVIDENCE_PREDICATE_TYPE),
    predicate: evidencePredicateSchema,
  })
  .superRefine((statement, ctx) => {
    const problems: Array<{ path: PropertyKey[]; message: string }> = [];
    const { predicate } = statement;
    if (predicate.report_sections.map((s) => s.id).join() !== EVIDENCE_SECTION_IDS.join()) {
      problems.push({
        path: ['predicate', 'report_sections'],
        message: `the report sections must be ${EVIDENCE_SECTION_IDS.join(', ')} in that order`,
      });
    }
    const gates = predicate.thresholds.map((g) => g.id);
    problems.push(
      ...duplicates(gates).map((i) => ({
        path: ['predicate', 'thresholds', i, 'id'],
        message: `gate "${gates[i]}" appears more than once`,
      })),
    );
    const missing = GATE_IDS.filter((id) => !gates.includes(id));
    if (missing.length > 0)
      problems.push({ path: ['predicate', 'thresholds'], message: `gates missing: ${missing.join(', ')}` });
    const ids = predicate.agents.map((a) => a.id);
    problems.push(
      ...duplicates(ids).map((i) => ({
        path: ['predicate', 'agents', i, 'id'],
        message: `agent "${ids[i]}" appears more than once`,
      })),
    );
    // The remaining rules re-derive values from the others, which needs the layout and gates to be whole.
    if (problems.length === 0) problems.push(...statementInconsistencies(statement));
    for (const problem of problems)
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });

function duplicates(values: readonly string[]): number[] {
  return values.flatMap((value, i) => (values.indexOf(value) < i ? [i] : []));
}

export type EvidenceStatement = z.infer<typeof evidenceStatementSchema>;
export type EvidencePredicate = z.infer<typeof evidencePredicateSchema>;
export type StatementAgent = z.infer<typeof statementAgentSchema>;
export type Subject = z.infer<typeof subjectSchema>;

/** Parses a statement read back from disk or from an envelope payload; throws with every problem and its path. */
export function parseEvidenceStatement(value: unknown): EvidenceStatement {
  const result = evidenceStatementSchema.safeParse(value);
  if (!result.success) {
    throw new Error(
      `not an L9 evidence statement:\n${result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`,
    );
  }
  return result.data;
}
