import { randomBytes } from 'node:crypto';

/**
 * W3C Trace Context `traceparent`: `00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>`.
 * An all-zero trace id or span id is invalid by the specification.
 */
export const TRACEPARENT_PATTERN = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;
export const TRACE_ID_PATTERN = /^(?!0{32})[0-9a-f]{32}$/;

export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

export function newSpanId(): string {
  return randomBytes(8).toString('hex');
}

/** A `traceparent` for a new span in trace `traceId`, sampled. */
export function traceparentFor(traceId: string): string {
  return `00-${traceId}-${newSpanId()}-01`;
}
