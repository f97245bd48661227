import { toPascalCase } from '../../../schema/normalize/naming';
import { isRecord } from '../../../is-record';

type Schema = Record<string, unknown> | boolean;

/**
 * TypeScript types for a JSON Schema (draft 2020-12), written here rather than with a library because the
 * usual one (json-schema-to-typescript) is asynchronous, formats through Prettier (whose output moves with its
 * version) and resolves `$ref`s over the network; renderers are synchronous and must give the same bytes on
 * every run. Covered: type (and lists of types), properties/required, additionalProperties, items/prefixItems,
 * enum, const, anyOf/oneOf (union), allOf (intersection), local `$ref` to `$defs`/`definitions` (named types),
 * descriptions (JSDoc). What a type cannot say (patterns, bounds, formats) is left to the runtime's validation;
 * anything else is `JsonValue`, which every JSON value satisfies. Object types list the declared properties only,
 * so a module's answer stays assignable to the runtime's `JsonObject`.
 */

/** One `export type` of the generated file. */
export interface NamedType {
  name: string;
  type: string;
  description?: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const propertyKey = (key: string) => (IDENTIFIER.test(key) ? key : JSON.stringify(key));
const comment = (text: string, pad: string) =>
  `${pad}/** ${text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim()} */\n`;

class TypeWriter {
  readonly named: NamedType[] = [];

  constructor(
    private readonly owner: string,
    private readonly root: Record<string, unknown>,
  ) {
    for (const section of ['$defs', 'definitions'] as const) {
      const defs = root[section];
      if (!isRecord(defs)) continue;
      for (const [key, schema] of Object.entries(defs)) {
        const description =
          isRecord(schema) && typeof schema['description'] === 'string' ? schema['description'] : undefined;
        this.named.push({
          name: this.defName(key),
          type: this.type(schema as Schema, ''),
          ...(description ? { description } : {}),
        });
      }
    }
  }

  private defName(key: string): string {
    return `${this.owner}${toPascalCase(key.replace(/[^A-Za-z0-9]+/g, '-')) || 'Def'}`;
  }

  private ref(ref: string): string {
    const match = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(ref);
    const section = match ? this.root[match[1]!] : undefined;
    return match && isRecord(section) && match[2]! in section ? this.defName(match[2]!) : 'JsonValue';
  }

  type(schema: Schema, pad: string): string {
    if (schema === true) return 'JsonValue';
    if (schema === false) return 'never';
    if (typeof schema['$ref'] === 'string') return this.ref(schema['$ref']);
    if ('const' in schema) return JSON.stringify(schema['const']);
    if (Array.isArray(schema['enum']))
      return schema['enum'].map((v) => JSON.stringify(v)).join(' | ') || 'never';
    for (const combinator of ['anyOf', 'oneOf'] as const) {
      const parts = schema[combinator];
      if (Array.isArray(parts) && parts.length > 0) return this.join(parts as Schema[], ' | ', pad);
    }
    if (Array.isArray(schema['allOf']) && schema['allOf'].length > 0)
      return this.join(schema['allOf'] as Schema[], ' & ', pad);
    const declared = schema['type'];
    const types = Array.isArray(declared)
      ? declared
      : typeof declared === 'string'
        ? [declared]
        : this.impliedTypes(schema);
    if (types.length === 0) return 'JsonValue';
    return types.map((t) => this.ofType(String(t), schema, pad)).join(' | ');
  }

  private impliedTypes(schema: Record<string, unknown>): string[] {
    if ('properties' in schema || 'additionalProperties' in schema || 'required' in schema) return ['object'];
    if ('items' in schema || 'prefixItems' in schema) return ['array'];
    return [];
  }

  private join(parts: Schema[], separator: string, pad: string): string {
    const texts = [...new Set(parts.map((part) => this.type(part, pad)))];
    return texts.length === 1
      ? texts[0]!
      : texts.map((t) => (/[|&]/.test(t) && !t.startsWith('{') ? `(${t})` : t)).join(separator);
  }

  private ofType(type: string, schema: Record<string, unknown>, pad: string): string {
    switch (type) {
      case 'string':
        return 'string';
      case 'number':
      case 'integer':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array':
        return this.array(schema, pad);
      case 'object':
        return this.object(schema, pad);
      default:
        return 'JsonValue';
    }
  }

  private array(schema: Record<string, unknown>, pad: string): string {
    const items = schema['items'];
    const rest = items === undefined ? 'JsonValue' : this.type(items as Schema, pad);
    const prefix = schema['prefixItems'];
    if (Array.isArray(prefix) && prefix.length > 0) {
      const head = prefix.map((p) => this.type(p as Schema, pad));
      return items === false ? `[${head.join(', ')}]` : `[${head.join(', ')}, ...${this.wrap(rest)}[]]`;
    }
    return `${this.wrap(rest)}[]`;
  }

  private wrap(type: string): string {
    return /[|&]/.test(type) && !type.startsWith('{') ? `(${type})` : type;
  }

  private object(schema: Record<string, unknown>, pad: string): string {
    const properties = isRecord(schema['properties']) ? schema['properties'] : {};
    const required = new Set(Array.isArray(schema['required']) ? schema['required'].map(String) : []);
    const inner = `${pad}  `;
    const lines: string[] = [];
    for (const [key, value] of Object.entries(properties)) {
      const description =
        isRecord(value) && typeof value['description'] === 'string' ? value['description'] : undefined;
      if (description) lines.push(comment(description, inner).trimEnd());
      lines.push(
        `${inner}${propertyKey(key)}${required.has(key) ? '' : '?'}: ${this.type(value as Schema, inner)};`,
      );
    }
    // Required names the schema lists without describing them still have to be there.
    for (const key of required)
      if (!(key in properties)) lines.push(`${inner}${propertyKey(key)}: JsonValue;`);
    const additional = schema['additionalProperties'];
    if (lines.length === 0) {
      if (additional === false) return 'Record<string, never>';
      return `{ [key: string]: ${additional === undefined || additional === true ? 'JsonValue' : this.type(additional as Schema, pad)} }`;
    }
    return `{\n${lines.join('\n')}\n${pad}}`;
  }
}

/** The type named `name` for `schema`, with the named types of its `$defs` (prefixed with `name`) before it. */
export function typesForSchema(name: string, schema: Record<string, unknown>): NamedType[] {
  const writer = new TypeWriter(name, schema);
  const description = typeof schema['description'] === 'string' ? schema['description'] : undefined;
  return [...writer.named, { name, type: writer.type(schema, ''), ...(description ? { description } : {}) }];
}

/** `export type Name = …;` with its description as JSDoc. */
export function renderNamedType(named: NamedType): string {
  return `${named.description ? comment(named.description, '') : ''}export type ${named.name} = ${named.type};\n`;
}
