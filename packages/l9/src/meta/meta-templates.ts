import type { CodegenMeta } from './codegen-meta';
import type { DependencyIntegrationMeta } from './dependency-integration-meta';
import type { ExtractionSequenceMeta } from './extraction-sequence-meta';
import type { ValidationChecklistMeta } from './validation-checklist-meta';

/** The four meta templates, validated, as the plugin uses them. */
export interface MetaTemplates {
  codegen: CodegenMeta;
  extractionSequence: ExtractionSequenceMeta;
  validationChecklist: ValidationChecklistMeta;
  dependencyIntegration: DependencyIntegrationMeta;
}

export type MetaTemplateKey = keyof MetaTemplates;

/**
 * File name of each template, in the order they are loaded and reported. Their models live with the loader,
 * so code that only needs the names (copying the templates, checking a snapshot) loads no zod model.
 */
export const META_TEMPLATE_FILES: ReadonlyArray<{ key: MetaTemplateKey; file: string }> = [
  { key: 'codegen', file: 'meta.codegen.yaml' },
  { key: 'extractionSequence', file: 'meta.extraction.sequence.yaml' },
  { key: 'validationChecklist', file: 'meta.validation.checklist.yaml' },
  { key: 'dependencyIntegration', file: 'meta.dependency.integration.yaml' },
];
