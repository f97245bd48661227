/**
 * Thrown by a handler (or an adapter) when a backend it must write to is down. The server answers 503 so the
 * client retries later, and forgets the packet id so the retry is processed.
 */
export class BackendUnavailableError extends Error {
  constructor(
    readonly backend: string,
    reason: string,
  ) {
    super(`${backend} is unavailable: ${reason}`);
    this.name = 'BackendUnavailableError';
  }
}

export function isBackendUnavailable(error: unknown): error is BackendUnavailableError {
  return error instanceof Error && error.name === 'BackendUnavailableError';
}
