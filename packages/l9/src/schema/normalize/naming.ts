/**
 * Agent names become project folders (`agents/<id>`), Nx project names and TypeScript identifiers, so only
 * names that are safe for all three are accepted.
 */
const SAFE_NAME = /^[A-Za-z][A-Za-z0-9 _-]{0,63}$/;

export function isSafeAgentName(name: string): boolean {
  return SAFE_NAME.test(name);
}

/**
 * Kebab-case id of a name. Words break where a lowercase letter or digit meets a capitalized word and
 * where an acronym ends (`PlastOSAdapter` → `plastos-adapter`), but not inside an acronym, so
 * `TensorAIOS` → `tensoraios` and `MainAgent` → `main-agent`.
 */
export function toKebabCase(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z][a-z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

/** `main-agent` → `MainAgent`: the identifier generated code uses for an agent or module. */
export function toPascalCase(id: string): string {
  return id
    .split(/[-/]/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** `main-agent` → `mainAgent`. */
export function toCamelCase(id: string): string {
  const pascal = toPascalCase(id);
  return pascal[0]!.toLowerCase() + pascal.slice(1);
}

/**
 * Module name of a `generatefiles` entry: the path without its extension, each segment kebab-cased,
 * a Python package marker `__init__` standing for the folder's `index`. Returns null for a path that
 * would leave the project (absolute, `..`, empty segments).
 */
export function moduleNameFor(entry: string): string | null {
  const withoutExt = entry.trim().replace(/\.[A-Za-z0-9]+$/, '');
  if (withoutExt.startsWith('/') || withoutExt.includes('\\')) return null;
  const segments = withoutExt.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  const named = segments.map((segment) => (segment === '__init__' ? 'index' : toKebabCase(segment)));
  if (named.some((s) => !/^[a-z][a-z0-9-]*$/.test(s))) return null;
  return named.join('/');
}
