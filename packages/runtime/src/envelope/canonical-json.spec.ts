import fc from 'fast-check';
import { canonicalize, canonicalSha256 } from './canonical-json';

describe('canonicalize', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalize({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('omits undefined members and writes undefined array items as null, like JSON.stringify', () => {
    expect(canonicalize({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('rejects values JSON cannot represent, naming where they are', () => {
    expect(() => canonicalize({ a: { b: Number.NaN } })).toThrow('$.a.b is NaN');
    expect(() => canonicalize({ f: () => 1 })).toThrow('$.f is a function');
  });

  it('is independent of key insertion order and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalize(reversed)).toBe(canonicalize(record));
        expect(JSON.parse(canonicalize(record))).toEqual(JSON.parse(JSON.stringify(record)));
      }),
    );
  });

  it('hashes to the sha256 of the canonical text', () => {
    expect(canonicalSha256({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
});
