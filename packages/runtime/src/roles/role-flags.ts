import type { AgentRuntime } from '../agent/agent-runtime';
import { FEATURE_FLAG_PREFIX } from '../guards/feature-flags';

/**
 * Whether a feature flag is on for this agent. The blueprint names flags in full (`L9_ENABLE_AUDIT_LOG`)
 * while the environment's overrides are keyed without the prefix (`AUDIT_LOG`), so both spellings are read,
 * the override first. A flag that is set nowhere takes `fallback`.
 */
export function flagEnabled(runtime: Pick<AgentRuntime, 'flags'>, name: string, fallback = false): boolean {
  const bare = name.startsWith(FEATURE_FLAG_PREFIX) ? name.slice(FEATURE_FLAG_PREFIX.length) : name;
  const override = runtime.flags[bare];
  if (override !== undefined) return override;
  return runtime.flags[`${FEATURE_FLAG_PREFIX}${bare}`] ?? fallback;
}
