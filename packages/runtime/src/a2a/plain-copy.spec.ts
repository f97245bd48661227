import { plainCopy } from './plain-copy';

describe('plainCopy', () => {
  it('copies plain objects, arrays and byte arrays deeply, keeping undefined members', () => {
    const original = {
      id: 't-1',
      status: { state: 3, message: undefined, timestamp: '2026-01-01T00:00:00.000Z' },
      history: [{ parts: [{ content: { $case: 'raw', value: new Uint8Array([1, 2, 3]) } }] }],
      metadata: { l9: { run: 'r' } },
    };
    const copy = plainCopy(original);
    expect(copy).toEqual(original);
    expect(Object.keys(copy.status)).toEqual(['state', 'message', 'timestamp']);
    copy.metadata.l9.run = 'changed';
    copy.history[0]!.parts[0]!.content.value[0] = 9;
    expect(original.metadata.l9.run).toBe('r');
    expect(original.history[0]!.parts[0]!.content.value[0]).toBe(1);
    expect(copy.history[0]!.parts[0]!.content.value).toBeInstanceOf(Uint8Array);
  });

  it('copies what is not plain data as structuredClone does, sharing nothing', () => {
    const when = new Date('2026-01-01T00:00:00.000Z');
    const copy = plainCopy({ when, seen: new Map([['a', 1]]) });
    expect(copy.when).toEqual(when);
    expect(copy.when).not.toBe(when);
    expect(copy.seen.get('a')).toBe(1);
  });
});
