import type { z } from 'zod';
import { codegenMetaSchema, type CodegenMeta } from './codegen-meta';
import { dependencyIntegrationMetaSchema, type DependencyIntegrationMeta } from './dependency-integration-meta';
import { extractionSequenceMetaSchema, type ExtractionSequenceMeta } from './extraction-sequence-meta';
import { validationChecklistMetaSchema, type ValidationChecklistMeta } from './validation-checklist-meta';

/** The four meta templates, validated, as the plugin uses them. */
export interface MetaTemplates {
  codegen: CodegenMeta;
  extractionSequence: ExtractionSequenceMeta;
  validationChecklist: ValidationChecklistMeta;
  dependencyIntegration: DependencyIntegrationMeta;
}

export type MetaTemplateKey = keyof MetaTemplates;

/** File name and model of each template, in the order they are loaded and reported. */
export const META_TEMPLATE_FILES: ReadonlyArray<{ key: MetaTemplateKey; file: string; schema: z.ZodType }> = [
  { key: 'codegen', file: 'meta.codegen.yaml', schema: codegenMetaSchema },
  { key: 'extractionSequence', file: 'meta.extraction.sequence.yaml', schema: extractionSequenceMetaSchema },
  { key: 'validationChecklist', file: 'meta.validation.checklist.yaml', schema: validationChecklistMetaSchema },
  { key: 'dependencyIntegration', file: 'meta.dependency.integration.yaml', schema: dependencyIntegrationMetaSchema },
];
