export const FEATURE_FLAG_PREFIX = 'L9_ENABLE_';

export type FeatureFlags = Readonly<Record<string, boolean>>;

export class FeatureFlagError extends Error {
  constructor(
    readonly variable: string,
    readonly value: string,
  ) {
    super(`${variable}=${JSON.stringify(value)} is not a boolean: use true, false, 1 or 0`);
    this.name = 'FeatureFlagError';
  }
}

const TRUE = new Set(['true', '1']);
const FALSE = new Set(['false', '0']);

/**
 * Every `L9_ENABLE_<NAME>` variable as `{ <NAME>: boolean }`. Parsing is strict (case-insensitive
 * true/false/1/0, surrounding blanks ignored): a typo such as `ture` or `yes` is an error rather than a
 * silently disabled feature.
 */
export function parseFeatureFlags(env: NodeJS.ProcessEnv = process.env): FeatureFlags {
  const flags: Record<string, boolean> = {};
  for (const variable of Object.keys(env).sort()) {
    if (!variable.startsWith(FEATURE_FLAG_PREFIX)) continue;
    const name = variable.slice(FEATURE_FLAG_PREFIX.length);
    const raw = env[variable] ?? '';
    const value = raw.trim().toLowerCase();
    if (!name) throw new FeatureFlagError(variable, raw);
    if (TRUE.has(value)) flags[name] = true;
    else if (FALSE.has(value)) flags[name] = false;
    else throw new FeatureFlagError(variable, raw);
  }
  return flags;
}

/** A flag that is not set is off. */
export function isFeatureEnabled(flags: FeatureFlags, name: string): boolean {
  return flags[name] === true;
}
