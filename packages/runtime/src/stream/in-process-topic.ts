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
  /** Index in the topic log of the next never-delivered entry. */
  next: number;
  /** Delivered, not yet acknowledged, in delivery order. */
  pending: Map<string, PendingEntry>;
}

/** One topic of the in-process stream: an append-only log and the progress of each group over it. */
export class InProcessTopic {
  readonly entries: TopicEntry[] = [];
  readonly groups = new Map<string, GroupState>();
  private readonly listeners = new Set<() => void>();

  append(entry: TopicEntry): void {
    this.entries.push(entry);
    for (const listener of [...this.listeners]) listener();
  }

  group(name: string, from: 'start' | 'new'): GroupState {
    let state = this.groups.get(name);
    if (!state) {
      state = { next: from === 'new' ? this.entries.length : 0, pending: new Map() };
      this.groups.set(name, state);
    }
    return state;
  }

  /** Calls `listener` on the next append; returns a function that cancels it. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
