/** Bad input to a memory layer (empty key, non-JSON value, weight outside 0..1, …). */
export class MemoryValidationError extends Error {
  override readonly name = 'MemoryValidationError';
}

/** A read that cannot be served because the backend is unreachable and no buffered value answers it. */
export { BackendUnavailableError } from '../server/backend-unavailable-error';

/**
 * A write refused because the backend is unreachable and the outbox that buffers writes is full.
 * Refusing is the only honest answer: accepting it would acknowledge a write that could be lost.
 */
export class OutboxFullError extends Error {
  override readonly name = 'OutboxFullError';
  constructor(
    readonly layer: string,
    readonly capacity: number,
  ) {
    super(`${layer}: backend unreachable and outbox full (${capacity} writes pending); write rejected`);
  }
}

/** `close()` could not hand every buffered write to the backend. */
export class OutboxNotDrainedError extends Error {
  override readonly name = 'OutboxNotDrainedError';
  constructor(
    readonly layer: string,
    readonly pending: number,
  ) {
    super(`${layer}: closed with ${pending} buffered writes that never reached the backend`);
  }
}
