import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { formatNames, fullFormats } from 'ajv-formats/dist/formats';
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;
type SerializerBuilder = NonNullable<CompilersFactory['buildSerializer']>;

/**
 * Options of the ajv that compiles route schemas: `@fastify/ajv-compiler`'s defaults, checking only. Fastify's
 * defaults would coerce types and drop unknown members, changing what was hashed and signed, and turning an
 * envelope with an unknown field into a valid one.
 */
export const CHECK_ONLY_AJV_OPTIONS = {
  coerceTypes: false,
  removeAdditional: false,
  useDefaults: false,
  addUsedSchema: false,
  // As fastify's: with every error collected, one crafted body could make validation do far more work.
  allErrors: false,
} as const;

/**
 * Route schemas this runtime defines and its specs check against the draft-07 meta-schema (the PacketEnvelope
 * schema, packet-route-schema.spec.ts), so the compiler skips checking them again. Checking a schema compiles the
 * meta-schema first, some 80 ms of an agent's start (of ~850 ms, from its bundle), for a schema that cannot be
 * malformed unless this package is; a schema anyone else gives a route or adds to the instance is still checked.
 */
const preCheckedSchemas = new WeakSet<object>();

/** Marks `schema` as one of this runtime's own route schemas, checked against the meta-schema by its specs. */
export function preCheckedRouteSchema<T extends object>(schema: T): T {
  preCheckedSchemas.add(schema);
  return schema;
}

/** Refuses a schema that breaks the draft-07 meta-schema, as ajv does when it checks schemas itself. */
function checkSchema(ajv: Ajv, schema: object): void {
  if (preCheckedSchemas.has(schema) || ajv.validateSchema(schema)) return;
  throw new Error(`schema is invalid: ${ajv.errorsText(ajv.errors)}`);
}

/**
 * Builds the compiler of route schemas (draft-07) as `@fastify/ajv-compiler` does — one ajv per fastify
 * instance, the shared schemas added, ajv-formats' full formats — with the ajv the runtime already carries for
 * endpoint contracts. Fastify's own builder would load a second copy of ajv, its JTD build, and ajv-formats'
 * plugin with a third copy, kept for the life of the process for the one route that has a schema. Schemas are
 * checked against the meta-schema here rather than by ajv, so that the runtime's own are not (preCheckedRouteSchema).
 */
function buildCheckOnlyValidator(externalSchemas: Record<string, unknown>): FastifySchemaCompiler<unknown> {
  const ajv = new Ajv({ ...CHECK_ONLY_AJV_OPTIONS, validateSchema: false });
  for (const name of formatNames) ajv.addFormat(name, fullFormats[name]);
  for (const schema of Object.values(externalSchemas)) {
    checkSchema(ajv, schema as object);
    ajv.addSchema(schema as object);
  }
  return ({ schema }) => {
    // ajv refuses a second schema with an $id it knows; like fastify's compiler, answer with the first one.
    const id = (schema as { $id?: unknown }).$id;
    const known = typeof id === 'string' ? ajv.getSchema(id) : undefined;
    if (known) return known;
    checkSchema(ajv, schema as object);
    return ajv.compile(schema as object);
  };
}

/**
 * Fastify's own response serializer builder (`@fastify/fast-json-stringify-compiler`), loaded the first time a
 * route declares a response schema instead of when the instance is made: fastify requires it in its
 * constructor, and with it fast-json-stringify, ajv-formats and two more copies of ajv, which no agent route
 * uses (none declares a response schema). Resolved from fastify's folder, where npm installs its dependencies.
 */
const lazyResponseSerializer: SerializerBuilder = (externalSchemas, serializerOpts) => {
  const fromFastify = createRequire(require.resolve('fastify'));
  const { SerializerSelector } = fromFastify('@fastify/fast-json-stringify-compiler') as {
    SerializerSelector: () => SerializerBuilder;
  };
  return SerializerSelector()(externalSchemas, serializerOpts);
};

/**
 * The `schemaController` option of an agent's fastify instance: route schemas checked (never coerced or
 * stripped) by the runtime's ajv, response serializers built by fastify's own compiler when first needed. Each
 * leaves some 150 modules unloaded that an idle agent would otherwise keep (tools/bench/memory.ts).
 */
export function agentSchemaController(): NonNullable<FastifyServerOptions['schemaController']> {
  return {
    compilersFactory: {
      // Fastify calls the builder with a route's `{ schema, method, url, httpPart }`; its published type
      // (from @fastify/ajv-compiler) describes ajv's own `compile(schema)` instead.
      buildValidator: buildCheckOnlyValidator as unknown as CompilersFactory['buildValidator'],
      buildSerializer: lazyResponseSerializer,
    },
  };
}
