import { copyMessageBody } from './in-process-body-copy';
import { checkBody, StreamValidationError } from './stream-input';

class Head {
  seq = 1;
}

const bodies: Record<string, unknown>[] = [
  {},
  { packet_id: 'p-1', status: 200, replayed: false, trace_id: null },
  { skipped: undefined, kept: 'yes' },
  { negativeZero: -0 },
  { nested: { a: 1 }, list: [1, 2] },
  JSON.parse('{"__proto__":"own member","x":1}') as Record<string, unknown>,
  JSON.parse('{"__proto__":null}') as Record<string, unknown>,
  { 2: 'two', 1: 'one', b: 'b', a: 'a' },
  { toJSON: 'not a function', lone: '\uD800' },
  { date: new Date(0) },
  { run: () => 1, [Symbol('hidden')]: 'x', mark: Symbol('value') },
  Object.assign(Object.create(null) as Record<string, unknown>, { bare: true }),
  new Head() as unknown as Record<string, unknown>,
];

describe('copyMessageBody', () => {
  it.each(bodies.map((body, index) => [index, body] as const))(
    'stores body %i as its JSON round trip does',
    (_index, body) => {
      const copy = copyMessageBody(body);
      expect(copy).toStrictEqual(checkBody(body));
      expect(Object.keys(copy)).toEqual(Object.keys(checkBody(body)));
      expect(Object.getPrototypeOf(copy)).toBe(Object.getPrototypeOf(checkBody(body)));
      expect(copy).not.toBe(body);
    },
  );

  it('keeps its copy when the publisher changes the body afterwards', () => {
    const body: Record<string, unknown> = { status: 200 };
    const copy = copyMessageBody(body);
    body['status'] = 500;
    expect(copy).toEqual({ status: 200 });
  });

  it.each([
    ['NaN', { score: Number.NaN }],
    ['a bigint', { count: 1n }],
    ['an array', [1]],
    ['a string', 'text'],
    ['null', null],
  ])('refuses %s as checkBody does', (_what, body) => {
    expect(() => copyMessageBody(body)).toThrow(StreamValidationError);
  });

  it('refuses a body whose getter throws as checkBody does', () => {
    const body = {
      get broken(): string {
        throw new Error('no value');
      },
    };
    expect(() => copyMessageBody(body)).toThrow(StreamValidationError);
  });
});
