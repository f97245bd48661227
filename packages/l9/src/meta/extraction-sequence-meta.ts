import * as z from 'zod';
import { addRuleIssue, checkUnique, metaHeader, nonEmptyText } from './shared-fields';

/** Model of `templates/meta/meta.extraction.sequence.yaml`: planning order and what each agent receives. */

export const agentStepSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** Relative to the agent project; `{module}` / `{doc}` stand for the repeated item. */
  path: nonEmptyText.refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), { message: 'a step path stays inside the agent project' }),
  each: z.enum(['once', 'module', 'doc']),
  /** `by-role`: generated for infrastructure modules, user-owned for domain modules. */
  ownership: z.enum(['generated', 'by-role']),
});

export const LOCKED_PLAN_FIELDS = ['id', 'file', 'action', 'target', 'expected'] as const;

export const extractionSequenceMetaSchema = z
  .strictObject({
    ...metaHeader('l9/meta-extraction-sequence'),
    ordering: z.strictObject({
      algorithm: z.literal('kahn'),
      tie_break: z.literal('agent-id-lexicographic'),
      hard_edges: z.strictObject({ on_cycle: z.literal('error') }),
      soft_edges: z.strictObject({
        effect: z.literal('order-only'),
        on_cycle: z.literal('drop'),
        drop_severity: z.enum(['info', 'warning']),
      }),
    }),
    waves: z.strictObject({ rule: z.literal('longest-path'), order_within_wave: z.literal('agent-id-lexicographic') }),
    agent_steps: z.array(agentStepSchema).min(1),
    locked_plan: z.strictObject({
      entry_fields: z.array(z.enum(LOCKED_PLAN_FIELDS)),
      actions: z.array(z.enum(['create', 'update'])).min(1),
      id_pattern: nonEmptyText,
      line_format: nonEmptyText,
    }),
  })
  .superRefine((meta, ctx) => {
    checkUnique(ctx, meta.agent_steps.map((s) => s.id), (i) => ['agent_steps', i, 'id'], 'step id');
    meta.agent_steps.forEach((step, i) => {
      const token = step.each === 'module' ? '{module}' : step.each === 'doc' ? '{doc}' : null;
      const tokens = step.path.match(/\{[a-z]+\}/g) ?? [];
      const expected = token ? [token] : [];
      if (tokens.join() !== expected.join()) {
        addRuleIssue(ctx, ['agent_steps', i, 'path'], token ? `a step repeated per ${step.each} must contain ${token} exactly once` : 'a step done once must not contain {module} or {doc}');
      }
      if (step.ownership === 'by-role' && step.each !== 'module') addRuleIssue(ctx, ['agent_steps', i, 'ownership'], 'only steps repeated per module can be owned by role');
    });
    const last = meta.agent_steps[meta.agent_steps.length - 1];
    if (last && last.path !== 'manifest.json') addRuleIssue(ctx, ['agent_steps', meta.agent_steps.length - 1], 'the last step writes manifest.json, which lists every file before it');

    const plan = meta.locked_plan;
    const missing = LOCKED_PLAN_FIELDS.filter((f) => !plan.entry_fields.includes(f));
    if (missing.length > 0) addRuleIssue(ctx, ['locked_plan', 'entry_fields'], `entry_fields must list ${missing.join(', ')}`);
    checkUnique(ctx, plan.entry_fields, (i) => ['locked_plan', 'entry_fields', i], 'entry field');
    try {
      new RegExp(plan.id_pattern);
    } catch (error) {
      addRuleIssue(ctx, ['locked_plan', 'id_pattern'], `id_pattern is not a valid regular expression: ${(error as Error).message}`);
    }
    for (const token of plan.line_format.match(/\{[^}]*\}/g) ?? []) {
      const field = token.slice(1, -1);
      if (!plan.entry_fields.includes(field as (typeof LOCKED_PLAN_FIELDS)[number])) addRuleIssue(ctx, ['locked_plan', 'line_format'], `line_format uses ${token}, which is not an entry field`);
    }
  });

export type ExtractionSequenceMeta = z.infer<typeof extractionSequenceMetaSchema>;
export type AgentStep = z.infer<typeof agentStepSchema>;
export type LockedPlanField = (typeof LOCKED_PLAN_FIELDS)[number];
