import { errorCode, isErrorLike } from '../error-shape';

/**
 * A lost or refused connection (retry later) as opposed to an answer from the server (bad SQL, constraint):
 * SQLSTATE class 08 (connection exception) and 57P (operator intervention: terminated, shutting down), or
 * a Node/driver error that carries no SQLSTATE at all (ECONNREFUSED, "Connection terminated unexpectedly").
 */
export function isPgConnectionError(error: unknown): boolean {
  if (!isErrorLike(error)) return false;
  const code = errorCode(error);
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code))
    return code.startsWith('08') || code.startsWith('57P');
  return true;
}
