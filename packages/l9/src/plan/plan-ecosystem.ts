import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics';
import { analyzeGraph, type GraphAnalysis } from '../graph';
import type { AgentDefaults } from '../schema/normalize/normalize-agent';
import type { IngestLimits, SchemaFileInput } from '../schema/sources/decode-schema-file';
import { ingestSchemas } from '../schema/ingest-schemas';
import type { Ecosystem } from '../schema/model/ecosystem';
import { lockPlan, type LockedPlan, type LockOptions } from './lock-plan';

export interface PlanEcosystemOptions extends LockOptions {
  limits: IngestLimits;
  defaults?: AgentDefaults;
  /** `L9_ENABLE_CODEGEN_STRICT_MODE`: warnings stop the plan too. */
  strict: boolean;
}

export interface PlanEcosystemResult {
  ecosystem: Ecosystem;
  analysis: GraphAnalysis | null;
  /** Null when any diagnostic stops generation. */
  plan: LockedPlan | null;
  diagnostics: Diagnostic[];
}

/** Whether these diagnostics stop generation: errors always, warnings too in strict mode. */
export function blocksGeneration(diagnostics: readonly Diagnostic[], strict: boolean): boolean {
  return hasErrors(diagnostics) || (strict && diagnostics.some((d) => d.severity === 'warning'));
}

/** Ingest, order and lock in one pass: from schema file contents to the phase 0 plan. */
export function planEcosystem(
  files: readonly SchemaFileInput[],
  options: PlanEcosystemOptions,
): PlanEcosystemResult {
  const ingested = ingestSchemas(files, {
    limits: options.limits,
    roleOf: options.roleOf,
    ...(options.defaults ? { defaults: options.defaults } : {}),
  });
  const { ecosystem } = ingested;
  const rankOf = new Map(ecosystem.agents.map((a) => [a.name, a.id]));
  const analysis = analyzeGraph({
    nodes: ecosystem.agents.map((a) => a.name),
    edges: ecosystem.edges,
    rank: (name) => rankOf.get(name) ?? name,
  });
  const diagnostics = sortDiagnostics([...ingested.diagnostics, ...analysis.diagnostics]);
  const plan =
    blocksGeneration(diagnostics, options.strict) || analysis.cycles.length > 0
      ? null
      : lockPlan(ecosystem, analysis, options);
  return { ecosystem, analysis, plan, diagnostics };
}
