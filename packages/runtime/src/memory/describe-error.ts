import { errorCode, isErrorLike } from './error-shape';

/** One line for a driver error, fit for a health note or a 503 message. */
export function describeError(error: unknown): string {
  if (!isErrorLike(error)) return String(error);
  if (errorCode(error) === 'ECONNREFUSED') return 'connection refused';
  if (error.message) return error.message;
  // Node reports a refused connection to a host with several addresses as an AggregateError without a message.
  const inner = (error as { errors?: unknown[] }).errors;
  if (Array.isArray(inner) && inner.length > 0) return describeError(inner[0]);
  return errorCode(error) ?? error.name;
}
