import type { ProbeAnswer } from '../http-probe';

/** The payload of a packet answer (a signed envelope), or of a plain JSON answer. */
export function payloadOf(answer: ProbeAnswer): Record<string, unknown> {
  const payload = answer.json?.['payload'];
  return typeof payload === 'object' && payload !== null
    ? (payload as Record<string, unknown>)
    : (answer.json ?? {});
}

/** The escalation id a 202 answer carries, from a packet answer or an endpoint answer. */
export function escalationIdOf(answer: ProbeAnswer): string | undefined {
  const id = payloadOf(answer)['escalation_id'] ?? answer.json?.['escalation_id'];
  return typeof id === 'string' ? id : undefined;
}

export function errorCodeOf(answer: ProbeAnswer): string {
  return typeof answer.json?.['error'] === 'string' ? (answer.json['error'] as string) : '';
}

/** `status code` and error code, for the observed column. */
export function brief(answer: ProbeAnswer): string {
  const code = errorCodeOf(answer);
  return code ? `${answer.status} ${code}` : String(answer.status);
}
