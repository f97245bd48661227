import { checkJsonSchema } from './check-json-schema';

describe('checkJsonSchema', () => {
  it('accepts two different schemas that use the same $id, as two endpoints may', () => {
    expect(
      checkJsonSchema({
        $id: 'https://example.test/call',
        type: 'object',
        properties: { a: { type: 'string' } },
      }),
    ).toBeNull();
    expect(
      checkJsonSchema({
        $id: 'https://example.test/call',
        type: 'object',
        properties: { b: { type: 'number' } },
      }),
    ).toBeNull();
  });

  it('names the offending keyword of a schema the meta-schema rejects, each time it is asked', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer', minimum: 'zero' } } };
    const first = checkJsonSchema(schema);
    expect(first?.at).toEqual(['properties', 'n', 'minimum']);
    expect(checkJsonSchema(structuredClone(schema))).toEqual(first);
  });

  it('reports a $ref that points nowhere after a valid schema of the same shape was compiled', () => {
    expect(
      checkJsonSchema({
        type: 'object',
        properties: { item: { $ref: '#/$defs/item' } },
        $defs: { item: { type: 'string' } },
      }),
    ).toBeNull();
    const problem = checkJsonSchema({ type: 'object', properties: { item: { $ref: '#/$defs/item' } } });
    expect(problem?.at).toEqual(['properties', 'item', '$ref']);
  });

  it('rejects a schema that declares another draft', () => {
    expect(
      checkJsonSchema({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' })?.at,
    ).toEqual(['$schema']);
  });
});

describe('checkJsonSchema: what only compiling finds', () => {
  it.each([
    [
      'a pattern that is no regular expression',
      { type: 'object', properties: { code: { type: 'string', pattern: '[a-' } } },
    ],
    [
      'a patternProperties key that is no regular expression',
      { type: 'object', patternProperties: { '(unclosed': { type: 'string' } } },
    ],
    [
      'an $id used twice',
      {
        type: 'object',
        properties: {
          a: { $id: 'https://example.test/x', type: 'string' },
          b: { $id: 'https://example.test/x', type: 'number' },
        },
      },
    ],
    ['a $ref into nothing', { type: 'array', items: { $ref: '#/$defs/missing' } }],
  ])('reports %s', (_what, schema) => {
    expect(checkJsonSchema(schema)).not.toBeNull();
  });
});
