import type { EndpointContract } from '../agent/endpoint-contract';
import { describeIssues, MAX_REPORTED_ISSUES } from './contract-issues';
import { endpointValidator } from './endpoint-validator';

/** A lending library's checkout: nested objects, arrays, enums, formats; nothing like a tensor scorer. */
const checkout: EndpointContract = {
  name: 'checkout_books',
  path: '/library/v1/checkouts',
  method: 'POST',
  timeout_ms: 1000,
  operation: 'loan-desk',
  request: {
    type: 'object',
    required: ['borrower', 'items'],
    additionalProperties: false,
    properties: {
      borrower: {
        type: 'object',
        required: ['card', 'tier'],
        properties: {
          card: { type: 'string', pattern: '^LIB-[0-9]{6}$' },
          tier: { enum: ['child', 'adult', 'staff'] },
        },
      },
      items: { type: 'array', minItems: 1, items: { $ref: '#/$defs/item' } },
      due: { type: 'string', format: 'date' },
    },
    $defs: {
      item: {
        type: 'object',
        required: ['isbn', 'copies'],
        properties: { isbn: { type: 'string' }, copies: { type: 'integer', minimum: 1 } },
      },
    },
  },
  response: {
    type: 'object',
    required: ['loan_id', 'lines'],
    properties: {
      loan_id: { type: 'string' },
      lines: {
        type: 'array',
        items: {
          type: 'object',
          required: ['isbn', 'status'],
          properties: { isbn: { type: 'string' }, status: { enum: ['issued', 'waitlisted'] } },
        },
      },
    },
  },
};

const good = {
  borrower: { card: 'LIB-004211', tier: 'adult' },
  items: [{ isbn: '978-0-14-044913-6', copies: 1 }],
  due: '2026-04-01',
};

describe('endpointValidator', () => {
  const validator = endpointValidator(checkout);

  it('accepts a request and a response that meet their schemas', () => {
    expect(validator.validateRequest(good)).toEqual({ ok: true });
    expect(
      validator.validateResponse({
        loan_id: 'L-1',
        lines: [{ isbn: '978-0-14-044913-6', status: 'issued' }],
      }),
    ).toEqual({ ok: true });
  });

  it('names each bad field of a request by its JSON Pointer, nested objects and array items included', () => {
    const checked = validator.validateRequest({
      borrower: { card: 'nope', tier: 'pirate' },
      items: [{ isbn: 'x', copies: 0 }, { copies: 'two' }],
      due: 'tomorrow',
      coupon: 'FREE',
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues).toEqual(
      expect.arrayContaining([
        { path: '/borrower/card', message: 'must match pattern "^LIB-[0-9]{6}$"' },
        { path: '/borrower/tier', message: 'must be one of "child", "adult", "staff"' },
        { path: '/items/0/copies', message: 'must be >= 1' },
        { path: '/items/1/isbn', message: 'is required' },
        { path: '/items/1/copies', message: 'must be integer' },
        { path: '/due', message: 'must match format "date"' },
        { path: '/coupon', message: 'is not allowed' },
      ]),
    );
  });

  it('reports a missing required field at its own path, and a wrong root type at (root)', () => {
    const missing = validator.validateRequest({ items: [] });
    expect(missing.ok === false && describeIssues(missing.issues)).toBe(
      '/borrower: is required; /items: must NOT have fewer than 1 items',
    );
    const array = validator.validateRequest([1, 2]);
    expect(array.ok === false && describeIssues(array.issues)).toBe('(root): must be object');
  });

  it('checks a response against the response schema', () => {
    const checked = validator.validateResponse({ loan_id: 7, lines: [{ isbn: 'x', status: 'lost' }] });
    expect(checked.ok === false && checked.issues).toEqual([
      { path: '/loan_id', message: 'must be string' },
      { path: '/lines/0/status', message: 'must be one of "issued", "waitlisted"' },
    ]);
  });

  it('escapes property names in paths as RFC 6901 says', () => {
    const odd = endpointValidator({ ...checkout, request: { type: 'object', required: ['a/b', 'c~d'] } });
    const checked = odd.validateRequest({});
    expect(checked.ok === false && checked.issues.map((i) => i.path)).toEqual(['/a~1b', '/c~0d']);
  });

  it('reports at most a bounded number of issues', () => {
    const many = endpointValidator({ ...checkout, request: { type: 'array', items: { type: 'number' } } });
    const checked = many.validateRequest(Array.from({ length: 50 }, (_, i) => `n${i}`));
    expect(checked.ok === false && checked.issues).toHaveLength(MAX_REPORTED_ISSUES);
  });

  it('compiles a contract once: every surface asking for it gets the same validator', () => {
    expect(endpointValidator(checkout)).toBe(validator);
  });

  it('accepts anything for an endpoint that declares no schemas', () => {
    const open = endpointValidator({
      name: 'ping',
      path: '/library/v1/ping',
      method: 'POST',
      timeout_ms: 100,
      operation: null,
    });
    expect(open.validateRequest([1, 'x'])).toEqual({ ok: true });
    expect(open.validateResponse(undefined)).toEqual({ ok: true });
  });

  it('turns the text of a GET query into the declared types before checking it', () => {
    const search = endpointValidator({
      name: 'search_catalogue',
      path: '/library/v1/catalogue',
      method: 'GET',
      timeout_ms: 100,
      operation: 'catalogue',
      request: {
        type: 'object',
        properties: { limit: { type: 'integer', maximum: 50 }, available: { type: 'boolean' } },
      },
    });
    const query: Record<string, unknown> = { limit: '20', available: 'true' };
    expect(search.validateRequest(query)).toEqual({ ok: true });
    expect(query).toEqual({ limit: 20, available: true });
    const tooMany = search.validateRequest({ limit: '500' });
    expect(tooMany.ok === false && describeIssues(tooMany.issues)).toBe('/limit: must be <= 50');
  });

  it('fails at once, naming the endpoint, for a schema that cannot be compiled or reaches outside itself', () => {
    expect(() =>
      endpointValidator({
        ...checkout,
        request: { type: 'object', properties: { x: { $ref: '#/$defs/missing' } } },
      }),
    ).toThrow(/endpoint checkout_books: its request schema cannot be compiled/);
    expect(() =>
      endpointValidator({ ...checkout, response: { $ref: 'https://schemas.example.org/loan.json' } }),
    ).toThrow(/endpoint checkout_books: its response schema cannot be compiled/);
  });
});
