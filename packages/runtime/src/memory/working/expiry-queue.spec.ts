import { ExpiryQueue } from './expiry-queue';

describe('ExpiryQueue', () => {
  it('pops only due deadlines, soonest first, at most limit at a time', () => {
    const queue = new ExpiryQueue();
    for (const [key, at] of [
      ['c', 30],
      ['a', 10],
      ['e', 50],
      ['b', 20],
      ['d', 40],
    ] as const)
      queue.push(key, at);
    expect(queue.popDue(35, 2).map((d) => d.key)).toEqual(['a', 'b']);
    expect(queue.popDue(35, 10).map((d) => d.key)).toEqual(['c']);
    expect(queue.popDue(35, 10)).toEqual([]);
    expect(queue.size).toBe(2);
  });

  it('orders many random deadlines', () => {
    const queue = new ExpiryQueue();
    const times = Array.from({ length: 500 }, (_, n) => (n * 7919) % 1000);
    times.forEach((at, n) => queue.push(`k${n}`, at));
    const popped = queue.popDue(Infinity, 1000).map((d) => d.expiresAt);
    expect(popped).toEqual([...times].sort((x, y) => x - y));
  });

  it('reset replaces the content', () => {
    const queue = new ExpiryQueue();
    queue.push('old', 1);
    queue.reset([{ key: 'new', expiresAt: 5 }]);
    expect(queue.popDue(10, 10)).toEqual([{ key: 'new', expiresAt: 5 }]);
  });
});
