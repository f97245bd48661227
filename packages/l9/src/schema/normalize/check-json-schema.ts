import type Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, Options } from 'ajv/dist/2020';

/** Where a schema is wrong (a path of keys inside it) and why, in words for the diagnostic. */
export interface JsonSchemaProblem {
  at: Array<string | number>;
  message: string;
  hint?: string;
}

export const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';
/** Errors that only say "one of the branches failed": the branch's own error says more. */
const COMBINATORS = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'not']);

/** How endpoint schemas are checked; draft-2020-12-validator.generated.ts was generated with the same. */
export const JSON_SCHEMA_OPTIONS: Options = {
  strict: false,
  logger: false,
  allErrors: true,
  validateFormats: false,
};

/**
 * ajv, loaded on first use: only an endpoint schema with references or patterns needs it (see
 * FAILS_AT_COMPILE), and the generators ship as one bundle whose every top-level import is evaluated when
 * `nx g` loads it.
 */
function ajvClass(): typeof Ajv2020 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, as said above
  return (require('ajv/dist/2020') as { default: typeof Ajv2020 }).default;
}

/**
 * The meta-schema's errors for `schema`, or null when it conforms. ajv would compile the draft 2020-12
 * meta-schema into code on every instance's first check, which costs more than checking all the endpoint
 * schemas of an ecosystem; the generated module is that code, made once with ajv (see its header).
 */
function metaSchemaErrors(schema: Record<string, unknown>): readonly ErrorObject[] | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated module is large; loaded when a schema is first checked
  const { validateDraft2020Schema } = require('./draft-2020-12-validator.generated') as {
    validateDraft2020Schema: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
  };
  return validateDraft2020Schema(schema) ? null : (validateDraft2020Schema.errors ?? []);
}

/**
 * A fresh instance for each compilation, since a compiled schema's `$id`s stay registered in its instance and
 * two endpoints may use the same ones; it skips the meta-schema check already made.
 */
function compiler(): Ajv2020 {
  const Ajv = ajvClass();
  return new Ajv({ ...JSON_SCHEMA_OPTIONS, validateSchema: false });
}

/**
 * The keywords whose problems only compiling finds once the meta-schema is met (with strict mode off): a
 * reference that resolves nowhere or to two places, an identifier used twice, a pattern that is no regular
 * expression. A schema without any of them compiles, so ajv is not loaded for it.
 */
const FAILS_AT_COMPILE = new Set([
  '$ref',
  '$dynamicRef',
  '$id',
  '$anchor',
  '$dynamicAnchor',
  'pattern',
  'patternProperties',
]);

/** Whether any object inside `value` has one of `keys` (a property merely named so counts too: it only costs a compile). */
function anyKey(value: unknown, keys: ReadonlySet<string>): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => anyKey(item, keys));
  return Object.entries(value).some(([key, inner]) => keys.has(key) || anyKey(inner, keys));
}

/** Schemas repeat across the endpoints and agents of an ecosystem; each distinct one is checked once. */
const checked = new Map<string, JsonSchemaProblem | null>();

/** `/properties/a~1b/items/0` → `['properties', 'a/b', 'items', 0]`, numbers where the schema holds an array. */
function keysOf(pointer: string, schema: unknown): Array<string | number> {
  const keys: Array<string | number> = [];
  let node: unknown = schema;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key = Array.isArray(node) && /^[0-9]+$/.test(token) ? Number(token) : token;
    keys.push(key);
    node =
      node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
  }
  return keys;
}

/** The most telling meta-schema error: the deepest one, preferring a keyword's own error over a combinator's. */
function mostTelling(errors: readonly ErrorObject[]): ErrorObject {
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  return [...errors].sort(
    (a, b) => depth(b) - depth(a) || Number(COMBINATORS.has(a.keyword)) - Number(COMBINATORS.has(b.keyword)),
  )[0]!;
}

/** The path of the first `$ref` inside `schema` whose value the message quotes. */
function findRef(
  schema: unknown,
  message: string,
  at: Array<string | number> = [],
): Array<string | number> | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  for (const [key, value] of Object.entries(schema)) {
    const here = [...at, Array.isArray(schema) ? Number(key) : key];
    if (key === '$ref' && typeof value === 'string' && message.includes(value)) return here;
    const inner = findRef(value, message, here);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Checks a schema the way the agent will use it: against the JSON Schema draft 2020-12 meta-schema, then by
 * compiling it, which finds a `$ref` that points nowhere or outside the schema (nothing is fetched). Returns
 * the first problem, or null for a usable schema.
 */
export function checkJsonSchema(schema: Record<string, unknown>): JsonSchemaProblem | null {
  const key = JSON.stringify(schema);
  if (checked.has(key)) return checked.get(key)!;
  const problem = firstProblem(schema);
  checked.set(key, problem);
  return problem;
}

function firstProblem(schema: Record<string, unknown>): JsonSchemaProblem | null {
  const declared = schema['$schema'];
  if (declared !== undefined && declared !== DRAFT_2020 && declared !== `${DRAFT_2020}#`) {
    return {
      at: ['$schema'],
      message: `declares $schema ${JSON.stringify(declared)}, but endpoints are read as JSON Schema draft 2020-12`,
      hint: `write $schema: ${DRAFT_2020}, or leave $schema out`,
    };
  }
  const errors = metaSchemaErrors(schema);
  if (errors) {
    const error = mostTelling(errors);
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
    const where = error.instancePath || '(root)';
    return {
      at: keysOf(error.instancePath, schema),
      message: `${where} ${error.message ?? 'is invalid'}`,
      ...(allowed ? { hint: `allowed: ${allowed.map((v) => JSON.stringify(v)).join(', ')}` } : {}),
    };
  }
  if (!anyKey(schema, FAILS_AT_COMPILE)) return null;
  try {
    compiler().compile(schema);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      at: findRef(schema, message) ?? [],
      message,
      hint: 'a $ref must point inside the schema, e.g. #/$defs/item',
    };
  }
  return null;
}
