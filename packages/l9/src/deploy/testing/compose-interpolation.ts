/**
 * What docker compose does with the generated compose file and its env file, for tests on a machine without
 * docker: the env file's `NAME='value'` lines (single quotes: literal) and the forms of interpolation the
 * file uses, `${NAME:?message}` (required) and `${NAME:-default}`. Any other `$` form is refused, so a new
 * form in the generator cannot slip past the tests uninterpreted.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const match = /^([A-Z0-9_]+)='([^']*)'$/.exec(line);
    if (!match) throw new Error(`env file line ${index + 1} is not NAME='value'`);
    values[match[1]!] = match[2]!;
  }
  return values;
}

export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(
    /\$\$|\$\{([A-Z0-9_]+)(?::([?-])([^}]*))?\}|\$/g,
    (whole, name: string | undefined, form: string | undefined, rest: string | undefined) => {
      if (whole === '$$') return '$';
      if (!name || !form) throw new Error(`compose interpolation form not handled here: ${whole}`);
      const value = env[name];
      if (value !== undefined && value !== '') return value;
      if (form === '-') return rest ?? '';
      throw new Error(`required variable ${name} is missing: ${rest}`);
    },
  );
}

/** Interpolates every string of a parsed compose document (as compose does, after YAML parsing). */
export function interpolateDocument<T>(value: T, env: Record<string, string | undefined>): T {
  if (typeof value === 'string') return interpolate(value, env) as T;
  if (Array.isArray(value)) return value.map((item) => interpolateDocument(item, env)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDocument(v, env)])) as T;
  return value;
}
