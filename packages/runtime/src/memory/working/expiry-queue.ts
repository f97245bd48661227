interface Deadline {
  key: string;
  expiresAt: number;
}

/**
 * Min-heap of key deadlines, soonest first, so expired keys can be found without scanning every key. It may hold
 * stale deadlines (a key overwritten or deleted since): the caller checks each popped one against its own record.
 */
export class ExpiryQueue {
  private heap: Deadline[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(key: string, expiresAt: number): void {
    const heap = this.heap;
    heap.push({ key, expiresAt });
    let child = heap.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (heap[parent].expiresAt <= heap[child].expiresAt) break;
      [heap[parent], heap[child]] = [heap[child], heap[parent]];
      child = parent;
    }
  }

  /** Removes and returns up to `limit` deadlines that are due at `now`, soonest first. */
  popDue(now: number, limit: number): Deadline[] {
    const due: Deadline[] = [];
    while (due.length < limit && this.heap.length > 0 && this.heap[0].expiresAt <= now)
      due.push(this.popMin());
    return due;
  }

  /** Replaces the content with exactly these deadlines (drops the stale ones). */
  reset(deadlines: Iterable<Deadline>): void {
    this.heap = [];
    for (const { key, expiresAt } of deadlines) this.push(key, expiresAt);
  }

  private popMin(): Deadline {
    const heap = this.heap;
    const min = heap[0];
    const last = heap.pop() as Deadline;
    if (heap.length > 0) {
      heap[0] = last;
      let parent = 0;
      for (;;) {
        const left = parent * 2 + 1;
        const right = left + 1;
        let smallest = parent;
        if (left < heap.length && heap[left].expiresAt < heap[smallest].expiresAt) smallest = left;
        if (right < heap.length && heap[right].expiresAt < heap[smallest].expiresAt) smallest = right;
        if (smallest === parent) break;
        [heap[parent], heap[smallest]] = [heap[smallest], heap[parent]];
        parent = smallest;
      }
    }
    return min;
  }
}
