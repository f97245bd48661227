import { MemoryValidationError } from './errors';

export type JsonObject = { [key: string]: unknown };

/** Serializes a value for storage, refusing what JSON cannot round-trip (undefined, functions, bigint, NaN). */
export function toStoredJson(value: unknown, where: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, inner: unknown) => {
      if (typeof inner === 'number' && !Number.isFinite(inner)) {
        throw new MemoryValidationError(`${where}: ${inner} is not representable in JSON`);
      }
      return inner;
    });
  } catch (error) {
    if (error instanceof MemoryValidationError) throw error;
    throw new MemoryValidationError(`${where}: value is not JSON-serializable (${(error as Error).message})`);
  }
  if (text === undefined) {
    throw new MemoryValidationError(`${where}: value is not JSON-serializable (got ${typeof value})`);
  }
  return text;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Requires a plain JSON object and returns its JSON text: a copy later mutation by the caller cannot alter. */
export function jsonObjectText(value: unknown, where: string): string {
  if (!isJsonObject(value)) {
    throw new MemoryValidationError(
      `${where}: expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
  }
  return toStoredJson(value, where);
}

/** Requires a plain JSON object and returns a deep copy, so later mutation by the caller cannot alter what was stored. */
export function copyJsonObject(value: unknown, where: string): JsonObject {
  return JSON.parse(jsonObjectText(value, where)) as JsonObject;
}

export function requireNonEmpty(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new MemoryValidationError(`${where}: expected a non-empty string`);
  }
  return value;
}
