import { ClaimWindow } from './replay-claim-window';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

describe('ClaimWindow', () => {
  it('finds a claim until it expires, with the content it was made with', () => {
    const window = new ClaimWindow();
    window.add(id(1), HASH_A, 1000);
    const claim = window.find(id(1), 999);
    expect(claim).toBeDefined();
    expect(window.sameContent(claim!, HASH_A)).toBe(true);
    expect(window.sameContent(claim!, HASH_B)).toBe(false);
    expect(window.find(id(1), 1000)).toBeUndefined();
    expect(window.find(id(2), 0)).toBeUndefined();
  });

  it('drops expired claims from the oldest end, up to the first live one', () => {
    const window = new ClaimWindow();
    for (let n = 1; n <= 5; n += 1) window.add(id(n), HASH_A, n * 100);
    window.dropExpired(300);
    expect(window.size).toBe(2);
    expect(window.find(id(4), 300)).toBeDefined();
    expect(window.find(id(3), 0)).toBeUndefined();
  });

  it('keeps a claim that expires later behind an earlier one a stepped-back clock made, and still answers for both', () => {
    const window = new ClaimWindow();
    window.add(id(1), HASH_A, 500);
    window.add(id(2), HASH_A, 200);
    window.dropExpired(300);
    expect(window.size).toBe(2);
    expect(window.find(id(2), 300)).toBeUndefined();
    expect(window.find(id(1), 300)).toBeDefined();
    window.dropExpired(500);
    expect(window.size).toBe(0);
  });

  it('a release forgets the claim, but not a later claim of the same id', () => {
    const window = new ClaimWindow();
    const first = window.add(id(1), HASH_A, 1000);
    window.release(id(1), first);
    expect(window.find(id(1), 0)).toBeUndefined();
    const second = window.add(id(1), HASH_B, 2000);
    window.release(id(1), first);
    expect(window.sameContent(window.find(id(1), 0)!, HASH_B)).toBe(true);
    window.release(id(1), second);
    expect(window.size).toBe(0);
  });

  it('a new claim of an id replaces its expired one, and dropping the old slot leaves the new claim', () => {
    const window = new ClaimWindow();
    window.add(id(1), HASH_A, 100);
    window.add(id(1), HASH_B, 400);
    window.dropExpired(200);
    expect(window.size).toBe(1);
    expect(window.sameContent(window.find(id(1), 200)!, HASH_B)).toBe(true);
  });

  it('stays correct across the compaction of its columns', () => {
    const window = new ClaimWindow();
    for (let n = 0; n < 5000; n += 1) window.add(id(n), n % 2 === 0 ? HASH_A : HASH_B, n);
    // Claims 0 to 3000 have expired.
    window.dropExpired(3000);
    expect(window.size).toBe(1999);
    for (let n = 5000; n < 5100; n += 1) window.add(id(n), HASH_A, n);
    for (const n of [3001, 4998, 5099]) {
      const claim = window.find(id(n), 3000);
      expect(claim && window.sameContent(claim, n % 2 === 0 || n >= 5000 ? HASH_A : HASH_B)).toBe(true);
    }
    expect(window.find(id(2999), 0)).toBeUndefined();
    window.dropExpired(10_000);
    expect(window.size).toBe(0);
  });

  it('moves the content hashes with their claims whether it compacts in place or into less room', () => {
    for (const [claims, expired] of [
      [2000, 1100],
      [5000, 3001],
    ] as const) {
      const window = new ClaimWindow();
      const hashOf = (n: number) => n.toString(16).padStart(64, '0');
      for (let n = 0; n < claims; n += 1) window.add(id(n), hashOf(n), n);
      window.dropExpired(expired - 1);
      expect(window.size).toBe(claims - expired);
      for (let n = claims; n < claims + 50; n += 1) window.add(id(n), hashOf(n), n);
      for (let n = expired; n < claims + 50; n += 1) {
        const claim = window.find(id(n), expired - 1);
        expect(claim && window.sameContent(claim, hashOf(n))).toBe(true);
        expect(window.sameContent(claim!, hashOf(n + 1))).toBe(false);
      }
    }
  });

  it('compares a content hash that is not a sha256 hex digest as text', () => {
    const window = new ClaimWindow();
    window.add(id(1), 'not-a-digest', 1000);
    window.add(id(2), HASH_A, 1000);
    expect(window.sameContent(window.find(id(1), 0)!, 'not-a-digest')).toBe(true);
    expect(window.sameContent(window.find(id(1), 0)!, HASH_A)).toBe(false);
    expect(window.sameContent(window.find(id(2), 0)!, 'not-a-digest')).toBe(false);
    expect(window.sameContent(window.find(id(2), 0)!, HASH_A.toUpperCase())).toBe(false);
  });

  it('keeps ids that are not lower-case UUIDs apart from those that are', () => {
    const window = new ClaimWindow();
    const lower = '02a1d0ae-88d4-457a-9861-c2e6f5aef378';
    window.add(lower.toUpperCase(), HASH_A, 1000);
    expect(window.find(lower, 0)).toBeUndefined();
    expect(window.find(lower.toUpperCase(), 0)).toBeDefined();
  });
});
