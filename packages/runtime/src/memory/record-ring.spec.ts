import { RecordRing } from './record-ring';

describe('RecordRing keeps the last records pushed, oldest first', () => {
  it('holds every record in push order until full', () => {
    const ring = new RecordRing<number>(3);
    ring.push(1);
    ring.push(2);
    expect([...ring]).toEqual([1, 2]);
    expect(ring.size).toBe(2);
  });

  it('drops the oldest once full, however many times it wraps', () => {
    const ring = new RecordRing<number>(3);
    for (let value = 1; value <= 8; value += 1) {
      ring.push(value);
      expect([...ring]).toEqual(
        Array.from({ length: Math.min(value, 3) }, (_, index) => value - Math.min(value, 3) + 1 + index),
      );
    }
    expect(ring.size).toBe(3);
  });

  it('retain keeps the accepted records in order, and pushing after it continues from the newest', () => {
    const ring = new RecordRing<number>(4);
    for (let value = 1; value <= 6; value += 1) ring.push(value);
    expect(ring.retain((value) => value % 2 === 0)).toBe(2);
    expect([...ring]).toEqual([4, 6]);
    for (const value of [7, 8, 9]) ring.push(value);
    expect([...ring]).toEqual([6, 7, 8, 9]);
  });

  it('clear empties it, and a capacity that is not a positive whole number is refused', () => {
    const ring = new RecordRing<string>(2);
    ring.push('a');
    ring.clear();
    expect([...ring]).toEqual([]);
    expect(ring.size).toBe(0);
    expect(() => new RecordRing(0)).toThrow(/positive integer/);
    expect(() => new RecordRing(1.5)).toThrow(/positive integer/);
  });
});
