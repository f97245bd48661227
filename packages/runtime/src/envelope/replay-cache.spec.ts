import { ENTRY_OVERHEAD_BYTES, ReplayCache } from './replay-cache';

describe('ReplayCache', () => {
  let now = 0;
  const cache = () => new ReplayCache<string>({ ttlMs: 1000, maxEntries: 2, now: () => now });

  beforeEach(() => {
    now = 0;
  });

  it('hands a retry with the same content the first result, and flags different content as a conflict', async () => {
    const replay = cache();
    const first = replay.begin('p1', 'h1');
    expect(first.kind).toBe('new');
    const retry = replay.begin('p1', 'h1');
    expect(retry.kind).toBe('duplicate');
    if (first.kind === 'new') first.complete('first response');
    if (retry.kind === 'duplicate') await expect(retry.result).resolves.toBe('first response');
    expect(replay.begin('p1', 'h2').kind).toBe('conflict');
  });

  it('forgets an abandoned attempt so the next retry is processed, and tells waiting retries why', async () => {
    const replay = cache();
    const first = replay.begin('p1', 'h1');
    const waiting = replay.begin('p1', 'h1');
    if (first.kind === 'new') first.abandon('rate limited');
    if (waiting.kind === 'duplicate') await expect(waiting.result).resolves.toBe('rate limited');
    expect(replay.begin('p1', 'h1').kind).toBe('new');
  });

  it('forgets ids after the window', () => {
    const replay = cache();
    replay.begin('p1', 'h1');
    now = 999;
    expect(replay.begin('p1', 'h2').kind).toBe('conflict');
    now = 1000;
    expect(replay.begin('p1', 'h2').kind).toBe('new');
  });

  it('stays within its bound, dropping the least recently used id', () => {
    const replay = cache();
    replay.begin('p1', 'h');
    replay.begin('p2', 'h');
    replay.begin('p1', 'h');
    replay.begin('p3', 'h');
    expect(replay.size).toBe(2);
    expect(replay.begin('p1', 'x').kind).toBe('conflict');
    // p2 was dropped inside its window: the cache no longer knows it and says so instead of accepting it.
    expect(replay.begin('p2', 'h')).toEqual({ kind: 'unvouched', horizon: 0 });
  });

  it('rejects a non-positive configuration', () => {
    expect(() => new ReplayCache({ ttlMs: 0, maxEntries: 1 })).toThrow(RangeError);
  });
});

describe('ReplayCache byte budget', () => {
  const budgeted = (maxBytes: number) =>
    new ReplayCache<string>({
      ttlMs: 1000,
      maxEntries: 100,
      maxBytes,
      sizeOf: (text) => text.length,
      now: () => 0,
    });
  const remember = (replay: ReplayCache<string>, id: string, text: string) => {
    const decision = replay.begin(id, 'h');
    if (decision.kind === 'new') decision.complete(text);
  };

  it('drops the least recently used results once their bytes pass the budget', async () => {
    const replay = budgeted(3 * (ENTRY_OVERHEAD_BYTES + 100));
    for (const id of ['p1', 'p2', 'p3']) remember(replay, id, 'x'.repeat(100));
    expect(replay.size).toBe(3);
    expect(replay.bytes).toBe(3 * (ENTRY_OVERHEAD_BYTES + 100));
    const retry = replay.begin('p1', 'h');
    expect(retry.kind).toBe('duplicate');
    if (retry.kind === 'duplicate') await expect(retry.result).resolves.toBe('x'.repeat(100));
    remember(replay, 'p4', 'y'.repeat(100));
    expect(replay.size).toBe(3);
    expect(replay.begin('p2', 'h').kind).toBe('unvouched');
  });

  it('gives the bytes of an abandoned attempt back', () => {
    const replay = budgeted(10_000);
    const decision = replay.begin('p1', 'h');
    if (decision.kind === 'new') decision.abandon('unavailable');
    expect(replay.bytes).toBe(0);
    expect(replay.size).toBe(0);
  });

  it('rejects a non-positive budget', () => {
    expect(() => budgeted(0)).toThrow(RangeError);
  });
});

describe('ReplayCache horizon of dropped ids', () => {
  let now = 0;
  const small = (refuseUnvouched?: boolean) =>
    new ReplayCache<string>({
      ttlMs: 1000,
      maxEntries: 2,
      now: () => now,
      ...(refuseUnvouched === undefined ? {} : { refuseUnvouched }),
    });
  const accept = (replay: ReplayCache<string>, id: string, issuedAt: number) => {
    const decision = replay.begin(id, 'h', issuedAt);
    expect(decision.kind).toBe('new');
    if (decision.kind === 'new') decision.complete(`answer ${id}`);
  };

  beforeEach(() => {
    now = 10_000;
  });

  it('refuses an evicted id and anything issued no later than it, and passes fresh packets', () => {
    const replay = small();
    expect(replay.horizon).toBeUndefined();
    accept(replay, 'p1', 9_000);
    accept(replay, 'p2', 9_500);
    accept(replay, 'p3', 9_800);
    expect(replay.horizon).toBe(9_000);
    expect(replay.begin('p1', 'h', 9_000)).toEqual({ kind: 'unvouched', horizon: 9_000 });
    expect(replay.begin('late', 'h', 9_000).kind).toBe('unvouched');
    accept(replay, 'fresh', 9_001);
    // p2 was dropped for `fresh`: the horizon moves up to its issue time.
    expect(replay.horizon).toBe(9_500);
    expect(replay.begin('p2', 'h', 9_500).kind).toBe('unvouched');
  });

  it('keeps the newest issue time of the dropped ids, whatever order they were dropped in', () => {
    const replay = small();
    accept(replay, 'future', 9_900);
    accept(replay, 'p2', 9_100);
    accept(replay, 'p3', 9_200);
    accept(replay, 'p4', 9_950);
    expect(replay.horizon).toBe(9_900);
    expect(replay.begin('p2', 'h', 9_100).kind).toBe('unvouched');
    expect(replay.begin('future', 'h', 9_900).kind).toBe('unvouched');
  });

  it('still answers retries of the ids it holds', async () => {
    const replay = small();
    accept(replay, 'p1', 9_000);
    accept(replay, 'p2', 9_100);
    accept(replay, 'p3', 9_200);
    const retry = replay.begin('p3', 'h', 9_200);
    expect(retry.kind).toBe('duplicate');
    if (retry.kind === 'duplicate') await expect(retry.result).resolves.toBe('answer p3');
  });

  it('lets the horizon lapse once every dropped id has left its window, and ignores ids that simply expired', () => {
    const replay = small();
    accept(replay, 'p1', 9_000);
    accept(replay, 'p2', 9_100);
    accept(replay, 'p3', 9_200);
    now = 10_999;
    expect(replay.horizon).toBe(9_000);
    now = 11_000;
    expect(replay.horizon).toBeUndefined();
    accept(replay, 'p1', 9_000);
    now = 12_500;
    accept(replay, 'p4', 9_000);
    expect(replay.horizon).toBeUndefined();
  });

  it('accepts evicted ids when a durable store vouches for them instead (refuseUnvouched: false)', () => {
    const replay = small(false);
    accept(replay, 'p1', 9_000);
    accept(replay, 'p2', 9_100);
    accept(replay, 'p3', 9_200);
    expect(replay.begin('p1', 'h', 9_000).kind).toBe('new');
  });
});

describe('ReplayCache keys (packed UUIDs and digests)', () => {
  const ID = '02a1d0ae-88d4-457a-9861-c2e6f5aef378';
  const HASH = 'd579df8db9a850ec6ac5828381974798300eceb1b9f922bfa705182809bd0569';

  it('tells ids and hashes one digit apart from each other', () => {
    const replay = new ReplayCache<string>({ ttlMs: 1000, maxEntries: 10, now: () => 0 });
    expect(replay.begin(ID, HASH).kind).toBe('new');
    expect(replay.begin(ID, HASH).kind).toBe('duplicate');
    expect(replay.begin(ID, `${HASH.slice(0, -1)}8`).kind).toBe('conflict');
    expect(replay.begin(`${ID.slice(0, -1)}9`, HASH).kind).toBe('new');
    expect(replay.begin(ID.toUpperCase(), HASH).kind).toBe('new');
  });
});
