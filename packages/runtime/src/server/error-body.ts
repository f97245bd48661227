/** Every error the agent server returns has this body: a stable code, a human reason, and optional details. */
export interface ErrorBody {
  error: string;
  message: string;
  [detail: string]: unknown;
}

export interface HttpOutcome {
  statusCode: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function errorOutcome(statusCode: number, error: string, message: string, details: Record<string, unknown> = {}, headers?: Record<string, string>): HttpOutcome {
  const body: ErrorBody = { error, message, ...details };
  return headers ? { statusCode, body, headers } : { statusCode, body };
}
