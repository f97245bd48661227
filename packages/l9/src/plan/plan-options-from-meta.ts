import type { MetaTemplates } from '../meta/meta-templates';
import { roleForModule } from '../meta/module-role';
import { AGENTS_DIR } from './agents-dir';
import type { PlanEcosystemOptions } from './plan-ecosystem';

/**
 * Plan options as the meta templates set them: ingest limits, the steps every agent gets, module roles,
 * the port base, and strict mode (`L9_ENABLE_CODEGEN_STRICT_MODE` from the environment, else `strict_mode`).
 */
export function planOptionsFromMeta(
  meta: MetaTemplates,
  env: Record<string, string | undefined> = process.env,
): PlanEcosystemOptions {
  const strictFlag = env['L9_ENABLE_CODEGEN_STRICT_MODE'];
  return {
    defaults: {
      governance: {
        anchors: meta.codegen.governance.anchors,
        mode: meta.codegen.governance.mode,
        humanoverride: meta.codegen.governance.human_override,
      },
    },
    limits: {
      maxFileBytes: meta.codegen.limits.max_schema_file_bytes,
      maxAliases: meta.codegen.limits.max_yaml_aliases,
    },
    strict: strictFlag === undefined ? meta.codegen.strict_mode : strictFlag === 'true' || strictFlag === '1',
    steps: meta.extractionSequence.agent_steps,
    roleOf: (source) => roleForModule(source, meta.codegen),
    agentsDir: AGENTS_DIR,
    portBase: meta.codegen.communication.ports.base,
  };
}
