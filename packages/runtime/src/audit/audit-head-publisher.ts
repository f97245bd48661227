import type { SignedAuditHead } from './audit-types';

/**
 * Wraps a publication of signed heads so that at most one is in flight: heads signed meanwhile are coalesced
 * and only the newest is published next. Every head covers all entries before it, so a witness loses nothing
 * by not seeing the ones in between, and a busy log costs the stream one message per round trip, not per write.
 */
export function coalescedHeadPublisher(
  publish: (head: SignedAuditHead) => Promise<unknown>,
  onError: (error: unknown) => void,
): (head: SignedAuditHead) => void {
  let inFlight = false;
  let waiting: SignedAuditHead | undefined;
  const send = (head: SignedAuditHead): void => {
    inFlight = true;
    publish(head)
      .catch(onError)
      .finally(() => {
        inFlight = false;
        const next = waiting;
        waiting = undefined;
        if (next) send(next);
      });
  };
  return (head) => {
    if (inFlight) waiting = !waiting || waiting.seq < head.seq ? head : waiting;
    else send(head);
  };
}
