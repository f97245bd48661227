import type { Tree } from '@nx/devkit';
import type { DiagnosticFormat } from '../../diagnostics';
import type { MetaTemplates } from '../../meta/meta-templates';
import { loadWorkspaceMeta } from '../../meta/workspace-meta';
import { planEcosystem, type PlanEcosystemResult } from '../../plan/plan-ecosystem';
import { planOptionsFromMeta } from '../../plan/plan-options-from-meta';
import { readSchemaInputs } from './read-schema-inputs';
import { reportDiagnostics } from './report-diagnostics';

export interface PlannedWorkspace {
  meta: MetaTemplates;
  result: PlanEcosystemResult;
  strict: boolean;
}

/** A workspace whose plan locked. */
export type LockedWorkspace = PlannedWorkspace & {
  result: PlanEcosystemResult & { plan: NonNullable<PlanEcosystemResult['plan']> };
};

/**
 * Reads the meta templates and the schema files from the Tree and locks the plan. Every diagnostic is
 * printed (in `format`); any that blocks generation throws before a single file has been written.
 */
export function planInTree(
  tree: Tree,
  schemaPaths: readonly string[],
  format: DiagnosticFormat = 'text',
): LockedWorkspace {
  const loaded = loadWorkspaceMeta((rel) => tree.read(rel, 'utf-8'));
  if (!loaded.meta) {
    reportDiagnostics(loaded.diagnostics, false, format);
    throw new Error('the meta templates do not load');
  }
  const options = planOptionsFromMeta(loaded.meta);
  const inputs = readSchemaInputs(tree, schemaPaths);
  reportDiagnostics(inputs.diagnostics, options.strict, format);
  const result = planEcosystem(inputs.files, options);
  reportDiagnostics(result.diagnostics, options.strict, format);
  if (!result.plan) throw new Error('the plan could not be locked');
  return { meta: loaded.meta, result: { ...result, plan: result.plan }, strict: options.strict };
}
