import { canonicalize } from '@l9/runtime/shared';
import fc from 'fast-check';
import { canonicalJsonPretty } from './plan-lock-format';

/** Keys an engine keeps in insertion order: an integer-like key ("2") would be moved to the front by JSON.parse. */
const nonIndexKey = fc.string({ unit: 'binary' }).filter((key) => !/^(0|[1-9]\d*)$/.test(key));
const jsonWithOddStrings = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: 'binary' }),
    fc.array(tie('value')),
    fc.dictionary(nonIndexKey, tie('value')),
  ),
})).value;

describe('canonicalJsonPretty', () => {
  it('indents the canonical text exactly as JSON.stringify(value, null, 2) would, strings with quotes and brackets untouched', () => {
    const value = { b: [1, {}, []], a: { 'q"}': 'x",[{\\', e: [] }, c: '' };
    expect(canonicalJsonPretty(value)).toBe(
      [
        '{',
        '  "a": {',
        '    "e": [],',
        '    "q\\"}": "x\\",[{\\\\"',
        '  },',
        '  "b": [',
        '    1,',
        '    {},',
        '    []',
        '  ],',
        '  "c": ""',
        '}',
        '',
      ].join('\n'),
    );
    fc.assert(
      fc.property(jsonWithOddStrings, (generated) => {
        const canonical = canonicalize(generated);
        expect(canonicalJsonPretty(generated)).toBe(`${JSON.stringify(JSON.parse(canonical), null, 2)}\n`);
      }),
    );
  });

  it('keeps the canonical order for keys that look like array indices, and parses back to the hashed bytes', () => {
    const value = { '10': 'ten', '2': 'two', a: 1 };
    expect(canonicalJsonPretty(value)).toBe('{\n  "10": "ten",\n  "2": "two",\n  "a": 1\n}\n');
    fc.assert(
      fc.property(fc.jsonValue(), (generated) => {
        expect(canonicalize(JSON.parse(canonicalJsonPretty(generated)))).toBe(canonicalize(generated));
      }),
    );
  });

  it('refuses what the hash would refuse, saying where, instead of writing null', () => {
    expect(() => canonicalJsonPretty({ agents: [{ port: Number.POSITIVE_INFINITY }] })).toThrow(
      '$.agents[0].port is Infinity',
    );
  });
});
