import Fastify, { FastifyInstance } from 'fastify';
import Ajv from 'ajv';
import fc from 'fast-check';
import { createEnvelope } from '../envelope/create-envelope';
import { PacketEnvelopeSchema } from '../envelope/envelope-schema';
import { signEnvelope } from '../envelope/sign-envelope';
import { packetRouteOptions } from './packet-route-schema';
import { agentSchemaController } from './route-schema-compilers';

const valid = signEnvelope(
  createEnvelope({
    packet_type: 'score.request',
    source_agent: 'main-agent',
    destination_agent: 'tensoraios',
    payload: { q: 'x', n: [1, 2] },
    tags: ['a'],
  }),
  'route-schema-secret-0123456789',
);

/** Replaces the value at `path` (or deletes it when `value` is undefined) in a deep copy of `envelope`. */
function mutate(envelope: object, path: string[], value: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(envelope)) as Record<string, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

const PATHS = [
  ['packet_id'],
  ['packet_type'],
  ['version'],
  ['timestamp'],
  ['source_agent'],
  ['destination_agent'],
  ['payload'],
  ['payload', 'q'],
  ['metadata'],
  ['metadata', 'trace_id'],
  ['metadata', 'traceparent'],
  ['metadata', 'priority'],
  ['metadata', 'governance_flags'],
  ['metadata', 'tags'],
  ['metadata', 'expires_at'],
  ['metadata', 'legacy'],
  ['metadata', 'unknown'],
  ['lineage', 'parent_ids'],
  ['lineage', 'root_packet_id'],
  ['lineage', 'generation'],
  ['lineage', 'unknown'],
  ['content_hash'],
  ['signature'],
  ['unknown'],
];
const replacement = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    '',
    '1',
    '2.0',
    '00000000-0000-0000-0000-000000000000',
    valid.packet_id.toUpperCase(),
    '2026-02-30T00:00:00Z',
    '2026-03-01T12:00:00+01:00',
    'ab'.repeat(32),
    'AB'.repeat(32),
    '0'.repeat(32),
  ),
  fc.constantFrom(
    [''],
    ['x'],
    [valid.packet_id],
    [1],
    -1,
    1.5,
    2 ** 53,
    'critical',
    { a: 1 },
    { a: Number.MAX_VALUE },
  ),
);

describe('POST /<prefix>/packets route schema', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify({ schemaController: agentSchemaController() });
    app.post('/packets', packetRouteOptions(), async (request) => ({
      admitted: request.validationError === undefined,
      body: request.body,
    }));
    await app.ready();
  });
  afterAll(() => app.close());

  const admit = async (body: unknown) =>
    (await app.inject({ method: 'POST', url: '/packets', payload: body as object })).json() as {
      admitted: boolean;
      body: unknown;
    };

  it('is a valid draft-07 schema, which lets the route compiler skip checking it (preCheckedRouteSchema)', async () => {
    const ajv = new Ajv();
    expect(ajv.validateSchema(packetRouteOptions().schema.body)).toBe(true);
    expect(ajv.errors).toBeNull();
    const checked = jest.spyOn(Ajv.prototype, 'validateSchema');
    const app = Fastify({ schemaController: agentSchemaController() });
    try {
      app.post('/packets', packetRouteOptions(), async () => ({}));
      await app.ready();
      expect(checked).not.toHaveBeenCalled();
    } finally {
      checked.mockRestore();
      await app.close();
    }
  });

  it('admits a valid v2 envelope unchanged', async () => {
    expect(await admit(valid)).toEqual({ admitted: true, body: JSON.parse(JSON.stringify(valid)) });
  });

  it('neither coerces nor strips: a string generation or an unknown member is not admitted', async () => {
    expect((await admit(mutate(valid, ['lineage', 'generation'], '1'))).admitted).toBe(false);
    expect((await admit(mutate(valid, ['unknown'], 1))).admitted).toBe(false);
    expect((await admit({ ...valid, version: '1.1' })).admitted).toBe(false);
  });

  it('admits only envelopes the zod model accepts, and leaves them as sent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), replacement, async (path, value) => {
        const body = mutate(valid, path, value);
        const result = await admit(body);
        if (result.admitted) {
          expect(PacketEnvelopeSchema.safeParse(body).success).toBe(true);
          expect(result.body).toEqual(body);
        }
      }),
      { numRuns: 300 },
    );
  });
});
