import { randomUUID } from 'node:crypto';

/**
 * W3C Trace Context `traceparent`: `00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>`.
 * An all-zero trace id or span id is invalid by the specification.
 */
export const TRACEPARENT_PATTERN = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;
export const TRACE_ID_PATTERN = /^(?!0{32})[0-9a-f]{32}$/;

// randomUUID draws from a cached entropy pool, unlike randomBytes (one system call each): ids are on the packet
// hot path. A v4 UUID has 122 random bits; the fixed version/variant digits are skipped for the span id.
export function newTraceId(): string {
  const hex = randomUUID().replace(/-/g, '');
  return hex === '0'.repeat(32) ? newTraceId() : hex;
}

export function newSpanId(): string {
  const uuid = randomUUID();
  return `${uuid.slice(0, 8)}${uuid.slice(9, 13)}${uuid.slice(15, 18)}${uuid.slice(20, 21)}`;
}

/** A `traceparent` for a new span in trace `traceId`, sampled. */
export function traceparentFor(traceId: string): string {
  return `00-${traceId}-${newSpanId()}-01`;
}
