import type { Backend } from '../../backend-health';

/**
 * Short-lived agent state (the schema's `workingmemory`). Keys are given without the keyspace prefix;
 * values are JSON. A TTL in seconds (fractions allowed) overrides the layer's default TTL.
 */
export interface WorkingMemory extends Backend {
  /** The value stored under `key`, or `null` when absent or expired. */
  get<T = unknown>(key: string): Promise<T | null>;
  set(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  /** True when the key existed. */
  delete(key: string): Promise<boolean>;
  /** Keys (without prefix, sorted) matching a glob with `*` and `?`; `*` by default. */
  keys(pattern?: string): Promise<string[]>;
}

export interface WorkingMemoryOptions {
  /** Prefix of every key, e.g. `tensoraios:working:` (see `keyspacePrefix`). */
  prefix: string;
  /** TTL applied when `set` is called without one; no expiry when undefined. */
  defaultTtlSeconds?: number;
}
