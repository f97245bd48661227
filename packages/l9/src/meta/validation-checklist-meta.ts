import * as z from 'zod';
import {
  addRuleIssue,
  checkUnique,
  metaHeader,
  nonEmptyText,
  nonNegativeInt,
  percent,
} from './shared-fields';

/** Model of `meta.validation.checklist.yaml`: quality gates, forbidden markers, report sections. */

export const GATE_IDS = ['tests', 'integration', 'coverage', 'forbidden-markers'] as const;

export const qualityGateSchema = z.strictObject({
  id: z.enum(GATE_IDS),
  title: nonEmptyText,
  /** Passes when passed * 100 >= total * min_percent. */
  min_percent: percent.optional(),
  /** Passes when total - passed <= max_failed. */
  max_failed: nonNegativeInt.optional(),
  /** Verdict when nothing was measured (total 0). */
  when_empty: z.enum(['pass', 'fail']),
});

export const forbiddenMarkerSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  pattern: nonEmptyText,
  ignore_case: z.boolean(),
});

/** The ten evidence report sections, in the order every report uses. */
export const EVIDENCE_SECTION_IDS = [
  'schema-input-summary',
  'locked-plan',
  'phase-0',
  'phase-1',
  'phase-2',
  'phase-3',
  'phase-4',
  'phase-5',
  'governance-compliance',
  'final-declaration',
] as const;

export const evidenceSectionSchema = z.strictObject({
  id: z.enum(EVIDENCE_SECTION_IDS),
  title: nonEmptyText,
});

export const validationChecklistMetaSchema = z
  .strictObject({
    ...metaHeader('l9/meta-validation-checklist'),
    gates: z.array(qualityGateSchema),
    forbidden_markers: z.strictObject({
      scan_extensions: z.array(z.string().regex(/^\.[a-z0-9]+$/)).min(1),
      patterns: z.array(forbiddenMarkerSchema).min(1),
    }),
    evidence_sections: z.array(evidenceSectionSchema),
  })
  .superRefine((meta, ctx) => {
    meta.gates.forEach((gate, i) => {
      const forms = (gate.min_percent === undefined ? 0 : 1) + (gate.max_failed === undefined ? 0 : 1);
      if (forms !== 1) addRuleIssue(ctx, ['gates', i], 'a gate has exactly one of min_percent or max_failed');
    });
    checkUnique(
      ctx,
      meta.gates.map((g) => g.id),
      (i) => ['gates', i, 'id'],
      'gate',
    );
    const missingGates = GATE_IDS.filter((id) => !meta.gates.some((g) => g.id === id));
    if (missingGates.length > 0) addRuleIssue(ctx, ['gates'], `gates missing: ${missingGates.join(', ')}`);

    checkUnique(
      ctx,
      meta.forbidden_markers.patterns.map((p) => p.id),
      (i) => ['forbidden_markers', 'patterns', i, 'id'],
      'marker',
    );
    meta.forbidden_markers.patterns.forEach((marker, i) => {
      try {
        new RegExp(marker.pattern, marker.ignore_case ? 'i' : '');
      } catch (error) {
        addRuleIssue(
          ctx,
          ['forbidden_markers', 'patterns', i, 'pattern'],
          `not a valid regular expression: ${(error as Error).message}`,
        );
      }
    });

    const sections = meta.evidence_sections;
    if (sections.length !== EVIDENCE_SECTION_IDS.length) {
      addRuleIssue(
        ctx,
        ['evidence_sections'],
        `an evidence report has exactly ${EVIDENCE_SECTION_IDS.length} sections; found ${sections.length}`,
      );
    } else {
      sections.forEach((section, i) => {
        const expected = EVIDENCE_SECTION_IDS[i]!;
        if (section.id !== expected)
          addRuleIssue(
            ctx,
            ['evidence_sections', i, 'id'],
            `section ${i + 1} must be ${expected}, found ${section.id}`,
          );
      });
    }
  });

export type ValidationChecklistMeta = z.infer<typeof validationChecklistMetaSchema>;
export type QualityGate = z.infer<typeof qualityGateSchema>;
export type GateId = (typeof GATE_IDS)[number];
export type EvidenceSectionId = (typeof EVIDENCE_SECTION_IDS)[number];
export type ForbiddenMarker = z.infer<typeof forbiddenMarkerSchema>;
