import * as z from 'zod';
import { fixtureServer, settings } from './__fixtures__/agent-server-fixture';
import { BackendUnavailableError } from './backend-unavailable-error';
import type { EndpointDefinition } from './server-options';

const ScoreRequest = z.object({ query: z.string().min(1), items: z.array(z.number()).max(10) });

const endpoints: EndpointDefinition<unknown>[] = [
  {
    name: 'score',
    path: '/tensoraios/v6/score',
    method: 'POST',
    timeout_ms: 1000,
    payload: ScoreRequest,
    outputBounds: {
      score: { type: 'number', min: 0, max: 1, onViolation: 'clamp' },
      ranked: { type: 'array', maxItems: 2 },
    },
    handler: (payload: z.infer<typeof ScoreRequest>) => ({
      score: payload.items.length / 2,
      ranked: payload.items.slice(0, payload.query === 'many' ? 5 : 2),
    }),
  },
  {
    name: 'lookup',
    path: '/tensoraios/v6/entities/:id',
    method: 'GET',
    timeout_ms: 1000,
    payload: z.object({ depth: z.coerce.number().int().min(1).max(3) }),
    handler: (payload: { depth: number }) => ({ depth: payload.depth }),
  },
  {
    name: 'slow',
    path: '/tensoraios/v6/slow',
    method: 'POST',
    timeout_ms: 25,
    // Never finishes on its own; it only ends when the server aborts it at the timeout.
    handler: (_payload: unknown, context) =>
      new Promise((_resolve, reject) =>
        context.signal.addEventListener('abort', () => reject(new Error('aborted'))),
      ),
  },
  {
    name: 'forget',
    path: '/tensoraios/v6/forget',
    method: 'DELETE',
    timeout_ms: 1000,
    handler: () => undefined,
  },
  {
    name: 'store',
    path: '/tensoraios/v6/store',
    method: 'PUT',
    timeout_ms: 1000,
    handler: (payload: { mode?: string }) => {
      if (payload.mode === 'down') throw new BackendUnavailableError('working-memory', 'redis unreachable');
      throw new Error('unexpected state');
    },
  },
];

describe('declared endpoints', () => {
  // Packet auth off: these are the serving rules; caller credentials are endpoint-admission.spec.ts's subject.
  const server = fixtureServer({ endpoints, settings: settings({ auth: { required: false } }) });
  afterAll(() => server.close());

  it('serves an endpoint at exactly its declared path and method, applying its output bounds', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/tensoraios/v6/score',
      payload: { query: 'rank', items: [3, 1, 2] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ score: 1, ranked: [3, 1] });
    expect((await server.app.inject({ method: 'GET', url: '/tensoraios/v6/score' })).json().error).toBe(
      'route_not_found',
    );
    expect(
      (await server.app.inject({ method: 'POST', url: '/tensoraios/v6/score/extra', payload: {} }))
        .statusCode,
    ).toBe(404);
  });

  it('rejects an invalid payload with 400 listing each issue', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/tensoraios/v6/score',
      payload: { query: '', items: ['a'] },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error).toBe('invalid_payload');
    expect(body.issues.map((issue: { path: string }) => issue.path)).toEqual(['query', 'items.0']);
    expect(body.message).toMatch(/^payload of score is invalid: query: /);
  });

  it('validates the query string of GET endpoints', async () => {
    expect(
      (await server.app.inject({ method: 'GET', url: '/tensoraios/v6/entities/e1?depth=2' })).json(),
    ).toEqual({ depth: 2 });
    expect(
      (await server.app.inject({ method: 'GET', url: '/tensoraios/v6/entities/e1?depth=9' })).statusCode,
    ).toBe(400);
  });

  it('answers 504 when the endpoint exceeds its timeout, and aborts the work', async () => {
    const response = await server.app.inject({ method: 'POST', url: '/tensoraios/v6/slow', payload: {} });
    expect(response.statusCode).toBe(504);
    expect(response.json()).toEqual({
      error: 'endpoint_timeout',
      message: 'slow did not finish within 25 ms',
    });
  });

  it('refuses output outside rejecting bounds with 500 and the violations', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/tensoraios/v6/score',
      payload: { query: 'many', items: [1, 2, 3] },
    });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: 'output_bounds_violation',
      message: 'score produced output outside its declared bounds',
      violations: [{ path: 'ranked', message: 'ranked has 3 items, more than 2' }],
    });
  });

  it('answers 204 when a handler returns nothing, 503 when its backend is down and 500 without a stack otherwise', async () => {
    expect((await server.app.inject({ method: 'DELETE', url: '/tensoraios/v6/forget' })).statusCode).toBe(
      204,
    );
    const down = await server.app.inject({
      method: 'PUT',
      url: '/tensoraios/v6/store',
      payload: { mode: 'down' },
    });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({
      error: 'backend_unavailable',
      message: 'working-memory is unavailable: redis unreachable',
    });
    const crash = await server.app.inject({ method: 'PUT', url: '/tensoraios/v6/store', payload: {} });
    expect(crash.statusCode).toBe(500);
    expect(crash.json()).toEqual({ error: 'handler_error', message: 'store failed' });
  });

  it('answers bad JSON and a wrong content type with JSON errors', async () => {
    const bad = await server.app.inject({
      method: 'POST',
      url: '/tensoraios/v6/score',
      payload: '{oops',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('invalid_json');
    const text = await server.app.inject({
      method: 'POST',
      url: '/tensoraios/v6/score',
      payload: 'hello',
      headers: { 'content-type': 'application/xml' },
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toBe('unsupported_media_type');
  });

  it('refuses two endpoints on the same method and path, and a prefix that is not one segment', () => {
    expect(() =>
      fixtureServer({ endpoints: [endpoints[0], { ...endpoints[0], name: 'score-again' }] }),
    ).toThrow('endpoints score and score-again both declare POST /tensoraios/v6/score');
    expect(() =>
      fixtureServer({ identity: { id: 'a', name: 'A', version: '1', routePrefix: 'a/b' } }),
    ).toThrow('one URL path segment');
  });
});
