import { toPascalCase } from '../../../schema/normalize/naming';
import { isRecord } from '../../../is-record';

/**
 * An endpoint schema made fit for an OpenAPI document, where a `$ref` is read against the whole document: its
 * `$defs` (and `definitions`) move to `components.schemas` as `<owner><Def>` — the names endpoint-types.ts
 * gives them — and the references follow. `components` collects the moved definitions.
 */
export function hoistDefinitions(
  owner: string,
  schema: Record<string, unknown>,
  components: Record<string, unknown>,
): Record<string, unknown> {
  const names = new Map<string, string>();
  for (const section of ['$defs', 'definitions']) {
    const defs = schema[section];
    if (!isRecord(defs)) continue;
    for (const key of Object.keys(defs))
      names.set(
        `#/${section}/${key}`,
        `${owner}${toPascalCase(key.replace(/[^A-Za-z0-9]+/g, '-')) || 'Def'}`,
      );
  }
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!isRecord(value)) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === '$ref' && typeof inner === 'string' && names.has(inner)
          ? `#/components/schemas/${names.get(inner)}`
          : rewrite(inner),
      ]),
    );
  };
  for (const section of ['$defs', 'definitions']) {
    const defs = schema[section];
    if (!isRecord(defs)) continue;
    for (const [key, def] of Object.entries(defs))
      components[names.get(`#/${section}/${key}`)!] = rewrite(def);
  }
  const { $defs: _defs, definitions: _definitions, ...rest } = schema;
  return rewrite(rest) as Record<string, unknown>;
}
