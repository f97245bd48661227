/** Bad input to a memory layer (empty key, non-JSON value, weight outside 0..1, …). */
export class MemoryValidationError extends Error {
  override readonly name = 'MemoryValidationError';
}

/** A read or write that cannot be served because the backend is unreachable; the server answers it with 503. */
export { BackendUnavailableError } from '../server/backend-unavailable-error';
