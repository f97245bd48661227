import fc from 'fast-check';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import Ajv from 'ajv';
import {
  agentSchemaController,
  CHECK_ONLY_AJV_OPTIONS,
  preCheckedRouteSchema,
} from './route-schema-compilers';

/** Fastify's own compilers, recorded when something loads them (the real modules are still returned). */
const mockLoaded: string[] = [];
jest.mock('@fastify/ajv-compiler', () => {
  mockLoaded.push('@fastify/ajv-compiler');
  return jest.requireActual('@fastify/ajv-compiler');
});
jest.mock('@fastify/fast-json-stringify-compiler', () => {
  mockLoaded.push('@fastify/fast-json-stringify-compiler');
  return jest.requireActual('@fastify/fast-json-stringify-compiler');
});

const READING = {
  type: 'object',
  required: ['at', 'value'],
  properties: { at: { type: 'string', format: 'date-time' }, value: { type: 'integer' } },
} as const;

/** An instance as an agent makes it, with one route checking its body and echoing what the handler saw. */
async function instance(): Promise<FastifyInstance> {
  const app = Fastify({ schemaController: agentSchemaController() });
  app.post('/readings', { schema: { body: READING }, attachValidation: true }, async (request) => ({
    admitted: request.validationError === undefined,
    body: request.body,
  }));
  await app.ready();
  return app;
}

async function post(app: FastifyInstance, url: string, payload: object) {
  return (await app.inject({ method: 'POST', url, payload })).json() as { admitted: boolean; body: unknown };
}

beforeEach(() => {
  mockLoaded.length = 0;
});

describe('agentSchemaController', () => {
  it('compiles a route schema without loading either of fastify’s own compilers, which a default instance loads', async () => {
    const app = await instance();
    expect(mockLoaded).toEqual([]);
    await app.close();
    const plain = Fastify();
    await plain.ready();
    expect(new Set(mockLoaded)).toEqual(
      new Set(['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler']),
    );
    await plain.close();
  });

  it('only checks: admits a valid body unchanged, unknown members kept, and coerces nothing', async () => {
    const app = await instance();
    const valid = { at: '2026-03-01T12:00:00Z', value: 3, note: 'kept' };
    expect(await post(app, '/readings', valid)).toEqual({ admitted: true, body: valid });
    expect((await post(app, '/readings', { at: valid.at, value: '3' })).admitted).toBe(false);
    expect((await post(app, '/readings', { at: valid.at })).admitted).toBe(false);
    await app.close();
  });

  it('checks formats in full: an impossible date is not a date-time', async () => {
    const app = await instance();
    expect((await post(app, '/readings', { at: '2026-02-30T00:00:00Z', value: 1 })).admitted).toBe(false);
    expect((await post(app, '/readings', { at: 'yesterday', value: 1 })).admitted).toBe(false);
    await app.close();
  });

  it('answers as fastify’s own compiler with the same options, shared schemas and $refs included', async () => {
    const build = (options: FastifyServerOptions) => {
      const app = Fastify(options);
      app.addSchema({ $id: 'reading', ...READING });
      const echo = async (request: FastifyRequest) => ({
        admitted: request.validationError === undefined,
        body: request.body,
      });
      app.post('/inline', { schema: { body: READING }, attachValidation: true }, echo);
      app.post('/ref', { schema: { body: { $ref: 'reading#' } }, attachValidation: true }, echo);
      // A route schema with a shared schema's $id is answered by the shared one.
      app.post(
        '/same-id',
        { schema: { body: { $id: 'reading', type: 'object' } }, attachValidation: true },
        echo,
      );
      return app;
    };
    const ours = build({ schemaController: agentSchemaController() });
    const fastifys = build({ ajv: { customOptions: CHECK_ONLY_AJV_OPTIONS } });
    await Promise.all([ours.ready(), fastifys.ready()]);
    const body = fc.record(
      {
        at: fc.oneof(
          fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
          fc.string(),
        ),
        value: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
        extra: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/inline', '/ref', '/same-id'), body, async (url, payload) => {
        expect(await post(ours, url, payload)).toEqual(await post(fastifys, url, payload));
      }),
      { numRuns: 200 },
    );
    expect((await post(ours, '/same-id', { at: 'x' })).admitted).toBe(false);
    await Promise.all([ours.close(), fastifys.close()]);
  });

  it('still serializes by a response schema, with fastify’s serializer loaded when first needed', async () => {
    const app = Fastify({ schemaController: agentSchemaController() });
    app.get(
      '/reading',
      { schema: { response: { 200: { type: 'object', properties: { value: { type: 'integer' } } } } } },
      async () => ({ value: 7, secret: 'not in the schema' }),
    );
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/reading' })).body).toBe('{"value":7}');
    await app.close();
  });
  it('refuses a route schema or a shared schema that breaks the meta-schema, and checks only those not pre-checked', async () => {
    const broken = { type: 'object', required: 'at' };
    const route = Fastify({ schemaController: agentSchemaController() });
    route.post('/broken', { schema: { body: broken } }, async () => ({}));
    await expect(route.ready()).rejects.toThrow(/schema is invalid: data\/required must be array/);
    await route.close();
    const shared = Fastify({ schemaController: agentSchemaController() });
    shared.addSchema({ $id: 'broken', ...broken });
    shared.post('/ok', { schema: { body: READING } }, async () => ({}));
    await expect(shared.ready()).rejects.toThrow(/schema is invalid/);
    await shared.close();

    const checked = jest.spyOn(Ajv.prototype, 'validateSchema');
    try {
      const own = Fastify({ schemaController: agentSchemaController() });
      own.post('/own', { schema: { body: preCheckedRouteSchema({ ...READING }) } }, async () => ({}));
      await own.ready();
      expect(checked).not.toHaveBeenCalled();
      await own.close();
      const other = await instance();
      expect(checked).toHaveBeenCalledWith(READING);
      await other.close();
    } finally {
      checked.mockRestore();
    }
  });
});
