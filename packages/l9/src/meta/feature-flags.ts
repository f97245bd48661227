import type { CodegenMeta } from './codegen-meta';

/** Each feature flag with its default, sorted by name so generated config is byte-for-byte stable. */
export function featureFlagDefaults(meta: Pick<CodegenMeta, 'feature_flags'>): Record<string, boolean> {
  const defaults: Record<string, boolean> = {};
  for (const name of Object.keys(meta.feature_flags).sort())
    defaults[name] = meta.feature_flags[name]!.default;
  return defaults;
}
