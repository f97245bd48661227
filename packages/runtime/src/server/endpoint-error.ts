/**
 * An endpoint handler's way to answer with a specific client error (401 missing token, 400 input the domain
 * logic refuses) instead of a 500: the server sends `{error: code, message}` with this status.
 */
export class EndpointError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EndpointError';
  }
}
