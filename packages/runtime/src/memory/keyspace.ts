import { MemoryValidationError } from './errors';

/**
 * Turns a schema keyspace into the prefix every working-memory key gets: `tensoraios:working:*` →
 * `tensoraios:working:`, `l9_sympy_cache` → `l9_sympy_cache:`. Only a trailing `*` is allowed, because a
 * wildcard in the middle would not name one keyspace.
 */
export function keyspacePrefix(keyspace: string): string {
  const trimmed = keyspace.trim();
  const withoutWildcard = trimmed.endsWith('*') ? trimmed.slice(0, -1) : trimmed;
  if (withoutWildcard === '' || /[*?[\]\s]/.test(withoutWildcard)) {
    throw new MemoryValidationError(
      `keyspace "${keyspace}": expected a key prefix such as "agent:working:*" (only a trailing * is allowed)`,
    );
  }
  return withoutWildcard.endsWith(':') ? withoutWildcard : `${withoutWildcard}:`;
}

export function defaultKeyspace(agentId: string): string {
  return `${agentId}:working:`;
}
