/**
 * The last `capacity` records, oldest first: what the in-process episodic log and causal hypergraph keep. Once
 * full, a push overwrites the oldest slot, so keeping the newest costs no copy of the others (dropping the
 * oldest from the front of an array moves every other record on each append).
 */
export class RecordRing<T> {
  private slots: T[] = [];
  /** Index of the oldest record once the ring is full; 0 until then. */
  private start = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`RecordRing: capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.slots.length;
  }

  /** Appends `record`; when full, the oldest record goes. */
  push(record: T): void {
    if (this.slots.length < this.capacity) {
      this.slots.push(record);
      return;
    }
    this.slots[this.start] = record;
    this.start = (this.start + 1) % this.capacity;
  }

  /** Keeps only the records `keep` accepts, in their order; returns how many went. */
  retain(keep: (record: T) => boolean): number {
    const kept = [...this].filter(keep);
    const removed = this.slots.length - kept.length;
    this.slots = kept;
    this.start = 0;
    return removed;
  }

  clear(): void {
    this.slots = [];
    this.start = 0;
  }

  /** Oldest first. */
  *[Symbol.iterator](): IterableIterator<T> {
    const slots = this.slots;
    for (let index = 0; index < slots.length; index += 1)
      yield slots[(this.start + index) % slots.length] as T;
  }
}
