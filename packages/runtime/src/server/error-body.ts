/** Every error the agent server returns has this body: a stable code, a human reason, and optional details. */
export interface ErrorBody {
  error: string;
  message: string;
  [detail: string]: unknown;
}

export interface HttpOutcome {
  statusCode: number;
  /** A JSON value, or a string holding JSON text that is already serialized (sent as is, as application/json). */
  body: unknown;
  headers?: Record<string, string>;
}

export function errorOutcome(
  statusCode: number,
  error: string,
  message: string,
  details: Record<string, unknown> = {},
  headers?: Record<string, string>,
): HttpOutcome {
  const body: ErrorBody = { error, message, ...details };
  return headers ? { statusCode, body, headers } : { statusCode, body };
}

/** The outcome with its body as JSON text: compact to keep (the replay cache) and sent without serializing again. */
export function serializedOutcome(outcome: HttpOutcome): HttpOutcome & { body: string } {
  if (typeof outcome.body === 'string') return outcome as HttpOutcome & { body: string };
  return { ...outcome, body: JSON.stringify(outcome.body) };
}
