import { MemoryValidationError } from '../errors';

/** Glob with `*` (any run) and `?` (one character): the subset Redis `SCAN MATCH` and the in-memory store agree on. */
export function globToRegExp(pattern: string): RegExp {
  checkGlob(pattern);
  const body = [...pattern]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

/** Escapes Redis glob metacharacters so a literal prefix cannot widen a `SCAN MATCH`. */
export function escapeRedisGlob(literal: string): string {
  return literal.replace(/[*?[\]\\]/g, '\\$&');
}

export function checkGlob(pattern: string): void {
  if (typeof pattern !== 'string' || pattern === '' || /[[\]\\]/.test(pattern)) {
    throw new MemoryValidationError(
      `working memory: key pattern "${String(pattern)}" may use only * and ? as wildcards`,
    );
  }
}
