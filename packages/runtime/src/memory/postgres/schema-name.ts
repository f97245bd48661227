import { MemoryValidationError } from '../errors';

/** PostgreSQL schema names are interpolated into DDL, so only plain lower-case identifiers are accepted. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new MemoryValidationError(
      `PostgreSQL schema "${schema}": use lower-case letters, digits and _ (at most 63)`,
    );
  }
  return schema;
}
