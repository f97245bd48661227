import { InProcessTopic, type GroupState, type TopicEntry } from './in-process-topic';

const entry = (n: number): TopicEntry => ({ id: `1-${n}`, body: { n } });

function fill(topic: InProcessTopic, from: number, to: number): void {
  for (let n = from; n <= to; n += 1) topic.append(entry(n));
}

function drain(topic: InProcessTopic, state: GroupState): number[] {
  const seen: number[] = [];
  for (let next = topic.takeNext(state); next; next = topic.takeNext(state))
    seen.push(next.body['n'] as number);
  return seen;
}

describe('InProcessTopic window', () => {
  it('keeps only the newest maxEntries entries', () => {
    const topic = new InProcessTopic(3);
    fill(topic, 1, 10);
    expect(topic.size).toBe(3);
    expect(topic.end).toBe(10);
    expect(drain(topic, topic.group('late', 'start'))).toEqual([8, 9, 10]);
  });

  it('keeps exactly the window across many compactions', () => {
    const topic = new InProcessTopic(5);
    const group = topic.group('g', 'start');
    fill(topic, 1, 5000);
    expect(topic.size).toBe(5);
    expect(drain(topic, group)).toEqual([4996, 4997, 4998, 4999, 5000]);
  });

  it('keeps a group at its position while older entries are trimmed', () => {
    const topic = new InProcessTopic(4);
    const group = topic.group('g', 'start');
    fill(topic, 1, 3);
    expect(topic.takeNext(group)?.body).toEqual({ n: 1 });
    fill(topic, 4, 6); // trims 1 and 2; the group is at 2, which is gone
    expect(drain(topic, group)).toEqual([3, 4, 5, 6]);
    fill(topic, 7, 8); // trims 3 and 4, both already delivered
    expect(drain(topic, group)).toEqual([7, 8]);
  });

  it('resumes a group that fell behind the window at the oldest kept entry', () => {
    const topic = new InProcessTopic(2);
    const group = topic.group('g', 'start');
    fill(topic, 1, 2);
    expect(topic.takeNext(group)?.body).toEqual({ n: 1 });
    fill(topic, 3, 9);
    expect(drain(topic, group)).toEqual([8, 9]);
  });

  it('starts a new-only group after the newest entry, trimmed or not', () => {
    const topic = new InProcessTopic(2);
    fill(topic, 1, 5);
    const group = topic.group('g', 'new');
    expect(topic.takeNext(group)).toBeUndefined();
    fill(topic, 6, 6);
    expect(drain(topic, group)).toEqual([6]);
  });

  it('drops a trimmed entry from every pending list, keeping pending entries still in the window', () => {
    const topic = new InProcessTopic(2);
    const a = topic.group('a', 'start');
    const b = topic.group('b', 'start');
    fill(topic, 1, 2);
    for (const state of [a, b]) {
      for (const delivered of [topic.takeNext(state), topic.takeNext(state)]) {
        if (delivered)
          state.pending.set(delivered.id, { entry: delivered, consumer: 'c', deliveredAt: 0, deliveries: 1 });
      }
    }
    fill(topic, 3, 3); // trims 1-1
    expect([...a.pending.keys()]).toEqual(['1-2']);
    expect([...b.pending.keys()]).toEqual(['1-2']);
  });

  it('refuses a window that is not a positive integer', () => {
    expect(() => new InProcessTopic(0)).toThrow(/maxEntries must be a positive integer/);
    expect(() => new InProcessTopic(1.5)).toThrow(RangeError);
  });
});
