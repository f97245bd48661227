import type { Backend, BackendKind } from '../backend-health';

/**
 * What a durable store says about a packet id the in-memory replay cache does not hold:
 *  - `claimed`: first sight within the window; the id is now recorded. `release` gives it back after an attempt
 *    that failed (5xx, 429), so the sender's retry is processed.
 *  - `seen`: already claimed with the same content (processed, or in flight elsewhere): not processed again.
 *  - `conflict`: already claimed with different content.
 */
export type ReplayClaim =
  | { status: 'claimed'; release(statusCode: number): Promise<void> }
  | { status: 'seen' }
  | { status: 'conflict' };

/**
 * A store that remembers every packet id claimed within the replay window across restarts and however many
 * packets arrive (Redis, PostgreSQL, or the ids an audit file recorded). `claim` throws when the store cannot
 * answer; the server then refuses the packet (503) instead of accepting it unchecked.
 */
export interface ReplayGuard extends Backend {
  readonly kind: BackendKind;
  /** Records `packetId` for `ttlMs` unless it is already recorded. */
  claim(packetId: string, contentHash: string, ttlMs: number): Promise<ReplayClaim>;
}
