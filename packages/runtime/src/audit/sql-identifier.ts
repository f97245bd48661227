/**
 * Quotes a schema or table name for interpolation into DDL/DML. Names are configuration, never user input,
 * but a typo like `my-schema` should fail with a clear message rather than as a SQL syntax error.
 */
export function sqlIdentifier(name: string, what: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new Error(
      `${what} "${name}" must be letters, digits and underscores (at most 63), not starting with a digit`,
    );
  }
  return `"${name}"`;
}
