import * as z from 'zod';
import { addRuleIssue, checkUnique, metaHeader, nonEmptyText } from './shared-fields';

/** Model of `meta.extraction.sequence.yaml`: what each agent project receives, in order. */

export const agentStepSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** Relative to the agent project; `{module}` / `{doc}` stand for the repeated item. */
  path: nonEmptyText.refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), {
    message: 'a step path stays inside the agent project',
  }),
  each: z.enum(['once', 'module', 'doc']),
  /** `by-role`: generated for infrastructure modules, user-owned for domain modules. */
  ownership: z.enum(['generated', 'by-role']),
});

export const extractionSequenceMetaSchema = z
  .strictObject({
    ...metaHeader('l9/meta-extraction-sequence'),
    agent_steps: z.array(agentStepSchema).min(1),
  })
  .superRefine((meta, ctx) => {
    checkUnique(
      ctx,
      meta.agent_steps.map((s) => s.id),
      (i) => ['agent_steps', i, 'id'],
      'step id',
    );
    meta.agent_steps.forEach((step, i) => {
      const token = step.each === 'module' ? '{module}' : step.each === 'doc' ? '{doc}' : null;
      const tokens = step.path.match(/\{[a-z]+\}/g) ?? [];
      const expected = token ? [token] : [];
      if (tokens.join() !== expected.join()) {
        addRuleIssue(
          ctx,
          ['agent_steps', i, 'path'],
          token
            ? `a step repeated per ${step.each} must contain ${token} exactly once`
            : 'a step done once must not contain {module} or {doc}',
        );
      }
      if (step.ownership === 'by-role' && step.each !== 'module')
        addRuleIssue(
          ctx,
          ['agent_steps', i, 'ownership'],
          'only steps repeated per module can be owned by role',
        );
    });
    const last = meta.agent_steps[meta.agent_steps.length - 1];
    if (last && last.path !== 'manifest.json')
      addRuleIssue(
        ctx,
        ['agent_steps', meta.agent_steps.length - 1],
        'the last step writes manifest.json, which lists every file before it',
      );
  });

export type ExtractionSequenceMeta = z.infer<typeof extractionSequenceMetaSchema>;
export type AgentStep = z.infer<typeof agentStepSchema>;
