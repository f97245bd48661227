import type { AgentRuntime } from '../agent/agent-runtime';
import { ConfigError } from '../config/config-error';
import { FEATURE_FLAG_PREFIX } from '../guards/feature-flags';
import { flagEnabled } from './role-flags';

export type ConfigValue = string | number | boolean | null | ConfigValue[] | { [key: string]: ConfigValue };

/**
 * A read-only view of the agent's configuration (environment over the schema's defaults) and its feature
 * flags, with typed getters that say which key is missing or of the wrong type. The packet secret and
 * backend credentials never leave through it.
 */
export class ConfigManagerRole {
  private readonly values: { [key: string]: ConfigValue };

  constructor(private readonly runtime: AgentRuntime) {
    const { config } = runtime;
    this.values = Object.freeze(
      JSON.parse(
        JSON.stringify({
          agent: runtime.identity,
          port: config.port,
          host: config.host,
          auth: { required: config.auth.required },
          backends: {
            redis: Boolean(config.backends.redisUrl),
            postgres: Boolean(config.backends.postgresUrl),
            neo4j: Boolean(config.backends.neo4jUrl),
          },
          rateLimit: config.rateLimit,
          limits: config.limits,
          replay: config.replay,
          logLevel: config.logLevel,
          governance: {
            anchors: runtime.blueprint.governance.anchors,
            mode: runtime.blueprint.governance.mode,
            humanoverride: runtime.blueprint.governance.humanoverride,
          },
          memory: runtime.blueprint.memory,
          auditScope: runtime.blueprint.auditScope,
        }),
      ),
    ) as { [key: string]: ConfigValue };
  }

  /** Everything, secrets left out (backends say only whether they are configured). */
  snapshot(): { [key: string]: ConfigValue } {
    return JSON.parse(JSON.stringify(this.values)) as { [key: string]: ConfigValue };
  }

  has(path: string): boolean {
    return this.lookup(path) !== undefined;
  }

  string(path: string): string {
    return this.typed(path, 'string') as string;
  }

  number(path: string): number {
    return this.typed(path, 'number') as number;
  }

  boolean(path: string): boolean {
    return this.typed(path, 'boolean') as boolean;
  }

  /** A feature flag by full (`L9_ENABLE_AUDIT_LOG`) or short (`AUDIT_LOG`) name; off when unset. */
  flag(name: string): boolean {
    return flagEnabled(this.runtime, name);
  }

  /** Short names of the flags that are on, sorted. */
  enabledFlags(): string[] {
    const names = new Set(
      Object.keys(this.runtime.flags).map((name) =>
        name.startsWith(FEATURE_FLAG_PREFIX) ? name.slice(FEATURE_FLAG_PREFIX.length) : name,
      ),
    );
    return [...names].filter((name) => this.flag(name)).sort();
  }

  private lookup(path: string): ConfigValue | undefined {
    let current: ConfigValue | undefined = this.values;
    for (const part of path.split('.')) {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
      current = (current as { [key: string]: ConfigValue })[part];
    }
    return current;
  }

  private typed(path: string, type: 'string' | 'number' | 'boolean'): ConfigValue {
    const value = this.lookup(path);
    if (value === undefined)
      throw new ConfigError(path, `is not a configuration key of ${this.runtime.identity.name}`);
    if (typeof value !== type)
      throw new ConfigError(
        path,
        `is ${Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value}, not a ${type}`,
      );
    return value;
  }
}
