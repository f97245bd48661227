import { packedPacketId } from '../envelope/replay-cache-keys';

/** A claim found in the window, by its sequence number (compare its content with `sameContent`). */
export interface HeldClaim {
  readonly seq: number;
}

const LOWER_SHA256_HEX = /^[0-9a-f]{64}$/;
const DIGEST_BYTES = 32;
const INITIAL_DIGEST_ROOM = 1024 * DIGEST_BYTES;

/**
 * The packet ids claimed within the replay window, in the order claimed, as the audit-file replay guard keeps
 * them for every packet of the window (at a few thousand packets a second, hundreds of thousands). Each claim
 * costs a map slot from its packed id (replay-cache-keys.ts) to its sequence number, and one slot in each of
 * three columns: the id, the content hash's 32 bytes in one buffer, and the expiry, which a number array keeps
 * unboxed (about 130 bytes a claim, where a map of claim objects held some 230 once no one else held its id and
 * hash strings). A content hash that is not a lower-case sha256 hex digest is kept as text beside them. Claims
 * expire in about the order they were made (the same window after each), so expired ones are dropped from the
 * oldest end on every claim, at constant cost, and the window never holds more than its live claims plus those
 * kept behind a later expiry (after a clock stepped back, or an audit entry whose time could not be read).
 */
export class ClaimWindow {
  /** Packed id → sequence number of its current claim. */
  private readonly bySeq = new Map<string, number>();
  /** Columns by sequence number minus `first`; an id is undefined once its claim is released or dropped. */
  private ids: Array<string | undefined> = [];
  /** The content hash of each slot, DIGEST_BYTES from slot × DIGEST_BYTES. */
  private digests = Buffer.alloc(INITIAL_DIGEST_ROOM);
  /** Content hashes that are not sha256 hex digests, by sequence number. */
  private readonly otherHashes = new Map<number, string>();
  private expiries: number[] = [];
  /** Where the content hash compared by `sameContent` is decoded. */
  private readonly scratch = Buffer.alloc(DIGEST_BYTES);
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
    return { seq };
  }

  /** Whether `claim` was made with `contentHash`. */
  sameContent(claim: HeldClaim, contentHash: string): boolean {
    const other = this.otherHashes.get(claim.seq);
    if (other !== undefined) return other === contentHash;
    if (!LOWER_SHA256_HEX.test(contentHash)) return false;
    this.scratch.write(contentHash, 'hex');
    const start = (claim.seq - this.first) * DIGEST_BYTES;
    return this.scratch.compare(this.digests, start, start + DIGEST_BYTES) === 0;
  }

  /** Claims `packetId` until `expiresAt`, replacing any earlier claim of it; returns the claim's sequence number. */
  add(packetId: string, contentHash: string, expiresAt: number): number {
    const id = packedPacketId(packetId);
    const earlier = this.bySeq.get(id);
    if (earlier !== undefined) this.ids[earlier - this.first] = undefined;
    const index = this.ids.length;
    const seq = this.first + index;
    if ((index + 1) * DIGEST_BYTES > this.digests.length) {
      const grown = Buffer.alloc(this.digests.length * 2);
      this.digests.copy(grown);
      this.digests = grown;
    }
    if (LOWER_SHA256_HEX.test(contentHash)) this.digests.write(contentHash, index * DIGEST_BYTES, 'hex');
    else this.otherHashes.set(seq, contentHash);
    this.ids.push(id);
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
    this.otherHashes.delete(seq);
  }

  /** Drops the expired claims at the oldest end, up to the first live one. */
  dropExpired(now: number): void {
    const { ids, expiries } = this;
    while (this.head < ids.length && (expiries[this.head] as number) <= now) {
      const id = ids[this.head];
      if (id !== undefined && this.bySeq.get(id) === this.first + this.head) this.bySeq.delete(id);
      ids[this.head] = undefined;
      if (this.otherHashes.size > 0) this.otherHashes.delete(this.first + this.head);
      this.head += 1;
    }
    // Once the dropped slots are the larger part, copy the live ones down so the columns do not grow forever.
    if (this.head > 1024 && this.head * 2 > ids.length) {
      this.ids = ids.slice(this.head);
      const live = this.digests.subarray(this.head * DIGEST_BYTES, ids.length * DIGEST_BYTES);
      // After a burst, give back the room it took once a quarter of it is in use.
      if (live.length * 4 < this.digests.length && this.digests.length > INITIAL_DIGEST_ROOM) {
        const smaller = Buffer.alloc(Math.max(INITIAL_DIGEST_ROOM, live.length * 2));
        live.copy(smaller);
        this.digests = smaller;
      } else live.copy(this.digests);
      this.expiries = expiries.slice(this.head);
      this.first += this.head;
      this.head = 0;
    }
  }

  clear(): void {
    this.bySeq.clear();
    this.first += this.ids.length;
    this.ids = [];
    this.otherHashes.clear();
    this.expiries = [];
    this.head = 0;
  }
}
