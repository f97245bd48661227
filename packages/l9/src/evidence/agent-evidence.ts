import * as z from 'zod';
import {
  addDuplicateIssues,
  coveredOfTotal,
  markerScan,
  passedOfTotal,
  sha256Hex,
  verdictSchema,
  workspacePath,
} from './evidence-fields';

export const AGENT_EVIDENCE_FORMAT = 'l9/agent-evidence@1';

export const evidenceFileSchema = z.strictObject({
  path: workspacePath,
  sha256: sha256Hex,
  ownership: z.enum(['generated', 'user']),
  /** A user-owned file whose content is still the default l9 created; always false for generated files. */
  default: z.boolean(),
});

export const agentGovernanceSchema = z.strictObject({
  mode: z.string().min(1),
  anchors: z.array(z.string()),
  human_override: z.boolean(),
  audit_scope: z.array(z.string()),
});

/** What one agent's validate and verify targets proved, as integer counts and verdicts. */
export const agentEvidenceSchema = z
  .strictObject({
    format: z.literal(AGENT_EVIDENCE_FORMAT),
    agent: z.strictObject({ id: z.string().min(1), name: z.string().min(1), version: z.string() }),
    spec_sha256: sha256Hex,
    files: z.array(evidenceFileSchema),
    gates: z.strictObject({
      tests: passedOfTotal,
      coverage_lines: coveredOfTotal,
      forbidden_markers: markerScan,
    }),
    verdicts: z.array(verdictSchema),
    domain_modules_with_default: z.array(z.string()),
    governance: agentGovernanceSchema,
  })
  .superRefine((evidence, ctx) => {
    addDuplicateIssues(
      ctx,
      evidence.files.map((f) => f.path),
      (i) => ['files', i, 'path'],
      'file',
    );
    evidence.files.forEach((file, i) => {
      if (file.ownership === 'generated' && file.default) {
        ctx.addIssue({
          code: 'custom',
          path: ['files', i, 'default'],
          message: 'only a user-owned file can be marked as still the default',
        });
      }
    });
  });

export type AgentEvidence = z.infer<typeof agentEvidenceSchema>;
export type EvidenceFile = z.infer<typeof evidenceFileSchema>;
export type AgentGovernance = z.infer<typeof agentGovernanceSchema>;
