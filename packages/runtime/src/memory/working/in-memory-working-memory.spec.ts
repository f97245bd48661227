import { describeWorkingMemoryContract } from '../testing/working-memory-contract';
import { InMemoryWorkingMemory } from './in-memory-working-memory';

let now = 1_700_000_000_000;

describeWorkingMemoryContract('in-memory', {
  create: async (prefix, defaultTtlSeconds) =>
    new InMemoryWorkingMemory({ prefix, defaultTtlSeconds, clock: () => now }),
  elapse: async (ms) => {
    now += ms;
  },
});

describe('in-memory working memory expiry without reads', () => {
  let clock = 0;
  const memory = () => new InMemoryWorkingMemory({ prefix: 't:', clock: () => clock });

  it('removes expired keys on later writes, never reading them', async () => {
    const working = memory();
    for (let n = 0; n < 1000; n += 1) await working.set(`short:${n}`, n, 1);
    expect(working.size).toBe(1000);
    clock += 1001;
    for (let n = 0; n < 300; n += 1) await working.set(`long:${n}`, n);
    // 300 writes remove up to 4 expired keys each: all 1000 are gone, the 300 new ones stay.
    expect(working.size).toBe(300);
    expect(await working.get('long:0')).toBe(0);
  });

  it('stays flat under steady writes of short-lived keys', async () => {
    const working = memory();
    for (let n = 0; n < 20_000; n += 1) {
      await working.set(`k:${n}`, n, 0.01);
      clock += 1;
    }
    // A key lives 10 ms at one write per ms: about 10 are live, and expired ones are removed as fast as added.
    expect(working.size).toBeLessThanOrEqual(12);
  });

  it('keeps a key rewritten with a later expiry or without one', async () => {
    const working = memory();
    await working.set('a', 1, 1);
    await working.set('a', 2, 10);
    await working.set('b', 1, 1);
    await working.set('b', 2);
    clock += 2000;
    await working.set('c', 3);
    expect(working.size).toBe(3);
    expect(await working.get('a')).toBe(2);
    expect(await working.get('b')).toBe(2);
  });

  it('drops stale deadlines of rewritten keys instead of accumulating them', async () => {
    const working = memory();
    for (let n = 0; n < 50_000; n += 1) await working.set('same', n, 3600);
    expect(working.size).toBe(1);
    expect((working as unknown as { deadlines: { size: number } }).deadlines.size).toBeLessThanOrEqual(
      2 + 1024,
    );
    expect(await working.get('same')).toBe(49_999);
  });
});
