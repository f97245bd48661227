import type { MessageBody } from './event-stream';

export interface TopicEntry {
  id: string;
  body: MessageBody;
}

export interface PendingEntry {
  entry: TopicEntry;
  consumer: string;
  deliveredAt: number;
  deliveries: number;
}

export interface GroupState {
  /** Position (counted from the topic's first entry ever, so trimming never shifts it) of the next never-delivered entry. */
  next: number;
  /** Delivered, not yet acknowledged, in delivery order. */
  pending: Map<string, PendingEntry>;
}

/** Entries a topic keeps when no bound is given (`L9_STREAM_MAX_ENTRIES`). */
export const DEFAULT_STREAM_MAX_ENTRIES = 10_000;

/**
 * One topic of the in-process stream: a log bounded to the newest `maxEntries` entries (like Redis
 * `XADD … MAXLEN`, but exact) and the progress of each group over it. Positions are absolute: `first` counts the
 * entries trimmed so far, so a group's `next` stays valid however many entries are dropped before it.
 */
export class InProcessTopic {
  readonly groups = new Map<string, GroupState>();
  private readonly listeners = new Set<() => void>();
  /** Kept entries live in `log[head..]`; slots before `head` are released and compacted away in batches. */
  private log: (TopicEntry | undefined)[] = [];
  private head = 0;
  /** Absolute position of `log[head]`, the oldest kept entry. */
  private first = 0;

  constructor(private readonly maxEntries = DEFAULT_STREAM_MAX_ENTRIES) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  }

  /** Entries kept right now. */
  get size(): number {
    return this.log.length - this.head;
  }

  /** Absolute position one past the newest entry. */
  get end(): number {
    return this.first + this.size;
  }

  append(entry: TopicEntry): void {
    this.log.push(entry);
    while (this.size > this.maxEntries) this.trimOldest();
    for (const listener of [...this.listeners]) listener();
  }

  group(name: string, from: 'start' | 'new'): GroupState {
    let state = this.groups.get(name);
    if (!state) {
      state = { next: from === 'new' ? this.end : this.first, pending: new Map() };
      this.groups.set(name, state);
    }
    return state;
  }

  /**
   * The group's next never-delivered entry, advancing its position; undefined when it has seen them all. A group
   * that fell behind the window resumes at the oldest kept entry (what it missed is gone, as on Redis).
   */
  takeNext(state: GroupState): TopicEntry | undefined {
    state.next = Math.max(state.next, this.first);
    if (state.next >= this.end) return undefined;
    const entry = this.log[this.head + state.next - this.first];
    state.next += 1;
    return entry;
  }

  /** Calls `listener` on the next append; returns a function that cancels it. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Drops the oldest entry. Redis semantics for pending entries: a trimmed entry that a group delivered but did not
   * acknowledge leaves its pending list too (XAUTOCLAIM reports it deleted and never redelivers it), so a slow or
   * dead consumer cannot keep trimmed entries alive; a handler still running for it finishes, its ack a no-op.
   */
  private trimOldest(): void {
    const dropped = this.log[this.head];
    this.log[this.head] = undefined;
    this.head += 1;
    this.first += 1;
    if (dropped) for (const state of this.groups.values()) state.pending.delete(dropped.id);
    // Compact once the released prefix is large and at least half the array, so each entry is copied O(1) times.
    if (this.head >= 1024 && this.head * 2 >= this.log.length) {
      this.log = this.log.slice(this.head);
      this.head = 0;
    }
  }
}
