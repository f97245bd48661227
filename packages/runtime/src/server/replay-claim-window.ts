import { packedContentHash, packedPacketId } from '../envelope/replay-cache-keys';

/** A claim found in the window: its content hash (packed, see `sameContent`) and its sequence number. */
export interface HeldClaim {
  readonly packedHash: string;
  readonly seq: number;
}

/**
 * The packet ids claimed within the replay window, in the order claimed, as the audit-file replay guard keeps
 * them for every packet of the window (at a few thousand packets a second, hundreds of thousands). Each claim
 * costs a map slot from its packed id (replay-cache-keys.ts) to its sequence number, and one slot in each of
 * three columns: the id, the packed content hash, and the expiry, which a number array keeps unboxed. Claims
 * expire in about the order they were made (the same window after each), so expired ones are dropped from the
 * oldest end on every claim, at constant cost, and the window never holds more than its live claims plus those
 * a clock stepped back has kept behind a later expiry.
 */
export class ClaimWindow {
  /** Packed id → sequence number of its current claim. */
  private readonly bySeq = new Map<string, number>();
  /** Columns by sequence number minus `first`; an id is undefined once its claim is released or dropped. */
  private ids: Array<string | undefined> = [];
  private hashes: string[] = [];
  private expiries: number[] = [];
  /** Sequence number of the first slot of the columns. */
  private first = 0;
  /** Index of the oldest claim not yet dropped. */
  private head = 0;

  get size(): number {
    return this.bySeq.size;
  }

  /** The live claim of `packetId` at `now`, if any. */
  find(packetId: string, now: number): HeldClaim | undefined {
    const seq = this.bySeq.get(packedPacketId(packetId));
    if (seq === undefined) return undefined;
    const index = seq - this.first;
    if (!((this.expiries[index] as number) > now)) return undefined;
    return { packedHash: this.hashes[index] as string, seq };
  }

  /** Whether `claim` was made with `contentHash`. */
  sameContent(claim: HeldClaim, contentHash: string): boolean {
    return claim.packedHash === packedContentHash(contentHash);
  }

  /** Claims `packetId` until `expiresAt`, replacing any earlier claim of it; returns the claim's sequence number. */
  add(packetId: string, contentHash: string, expiresAt: number): number {
    const id = packedPacketId(packetId);
    const earlier = this.bySeq.get(id);
    if (earlier !== undefined) this.ids[earlier - this.first] = undefined;
    const seq = this.first + this.ids.length;
    this.ids.push(id);
    this.hashes.push(packedContentHash(contentHash));
    this.expiries.push(expiresAt);
    this.bySeq.set(id, seq);
    return seq;
  }

  /** Forgets the claim `seq` of `packetId`, unless a later claim replaced it. */
  release(packetId: string, seq: number): void {
    const id = packedPacketId(packetId);
    if (this.bySeq.get(id) !== seq) return;
    this.bySeq.delete(id);
    this.ids[seq - this.first] = undefined;
  }

  /** Drops the expired claims at the oldest end, up to the first live one. */
  dropExpired(now: number): void {
    const { ids, expiries } = this;
    while (this.head < ids.length && (expiries[this.head] as number) <= now) {
      const id = ids[this.head];
      if (id !== undefined && this.bySeq.get(id) === this.first + this.head) this.bySeq.delete(id);
      ids[this.head] = undefined;
      this.hashes[this.head] = '';
      this.head += 1;
    }
    // Once the dropped slots are the larger part, copy the live ones down so the columns do not grow forever.
    if (this.head > 1024 && this.head * 2 > ids.length) {
      this.ids = ids.slice(this.head);
      this.hashes = this.hashes.slice(this.head);
      this.expiries = expiries.slice(this.head);
      this.first += this.head;
      this.head = 0;
    }
  }

  clear(): void {
    this.bySeq.clear();
    this.first += this.ids.length;
    this.ids = [];
    this.hashes = [];
    this.expiries = [];
    this.head = 0;
  }
}
