import { stringify } from 'yaml';

export interface StringifyYamlOptions {
  /** As the yaml library's option: when true (its default), an object met twice becomes an anchor and aliases. */
  aliasDuplicateObjects?: boolean;
}

/** Thrown inside the emitter for a value it does not spell; the yaml library spells the whole document then. */
class NotPlainData extends Error {}

/** Strings YAML 1.2's core schema would read as null, a boolean or a number: written quoted (the library's tag tests). */
const CORE_SCALARS = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
/** What a plain scalar may not start, contain or end with (the library's own test, for plainString). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/**
 * Left to the library: JavaScript's line terminators that are no YAML line break, control characters but tab and
 * line feed (the library escapes them: \p{Cc} is U+0000-001F and U+007F-009F) and lone surrogates (\p{Cs}), and a
 * document marker at the start.
 */
const LIBRARY_STRING = /[\u2028\u2029\p{Cs}]|[^\P{Cc}\t\n]|^(?:%|---|\.\.\.)/u;
/** Keys longer than this may become explicit (`? key`); strings this long are left to the library. */
const LONGEST_STRING = 1000;
/** A line of a literal block the emitter writes: text with no space or tab at its ends and no tab at all. */
const BLOCK_LINE = /^[^\s](?:[^\t]*[^\s])?$/;

/**
 * A one-line string as the library writes it, as a key or a value of a block collection: plain when YAML reads it
 * back as that string, else quoted.
 */
function oneLineString(value: string): string {
  if (value.length > LONGEST_STRING || value.includes('\n') || LIBRARY_STRING.test(value))
    throw new NotPlainData();
  if (!NOT_PLAIN.test(value) && !CORE_SCALARS.some((test) => test.test(value))) return value;
  // Quoted: in single quotes when only double ones occur (no quote to double), else as JSON writes it.
  if (value.includes('"') && !value.includes("'")) return `'${value}'`;
  return JSON.stringify(value);
}

/**
 * A value of several lines, as the library writes it: a literal block (`|`, or `|-` without a final line break)
 * indented to `indent`, when every line has text and no space at its ends and at most one line break ends it.
 */
function multiLineString(value: string, indent: string): string {
  const clipped = value.endsWith('\n');
  const lines = (clipped ? value.slice(0, -1) : value).split('\n');
  if (
    value.length > LONGEST_STRING ||
    lines.some((line) => !BLOCK_LINE.test(line) || LIBRARY_STRING.test(line))
  )
    throw new NotPlainData();
  return `|${clipped ? '' : '-'}\n${indent}${lines.join(`\n${indent}`)}`;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

class BlockEmitter {
  private readonly seen = new Set<object>();
  private readonly open = new Set<object>();

  constructor(private readonly aliasDuplicateObjects: boolean) {}

  /** `value` at `indent`, as the text after a key's `: ` or a sequence's `- ` (a collection starts on that line). */
  node(value: unknown, indent: string): string {
    if (value === null) return 'null';
    if (typeof value === 'string')
      return value.includes('\n') ? multiLineString(value, indent) : oneLineString(value);
    if (typeof value === 'boolean') return String(value);
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value) || Object.is(value, -0)) throw new NotPlainData();
      return String(value);
    }
    // undefined, bigint, symbol, function: what the library does with them is left to it.
    if (typeof value !== 'object') throw new NotPlainData();
    // An object met twice is an alias unless asked otherwise; one inside itself has no block form.
    if (this.open.has(value) || (this.aliasDuplicateObjects && this.seen.has(value)))
      throw new NotPlainData();
    this.seen.add(value);
    this.open.add(value);
    const text = Array.isArray(value) ? this.sequence(value, indent) : this.mapping(value, indent);
    this.open.delete(value);
    return text;
  }

  private sequence(items: unknown[], indent: string): string {
    if (Object.getPrototypeOf(items) !== Array.prototype) throw new NotPlainData();
    if (items.length === 0) return '[]';
    const inner = `${indent}  `;
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += 1) {
      if (!(i in items) || items[i] === undefined) throw new NotPlainData();
      lines.push(`- ${this.node(items[i], inner)}`);
    }
    return lines.join(`\n${indent}`);
  }

  private mapping(value: object, indent: string): string {
    if (!isPlainObject(value)) throw new NotPlainData();
    const inner = `${indent}  `;
    const lines: string[] = [];
    // As the library: a pair whose value is undefined is left out.
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item === undefined) continue;
      const text = this.node(item, inner);
      const isBlock = typeof item === 'object' && item !== null && text !== '[]' && text !== '{}';
      lines.push(`${oneLineString(key)}:${isBlock ? `\n${inner}` : ' '}${text}`);
    }
    return lines.length === 0 ? '{}' : lines.join(`\n${indent}`);
  }
}

/**
 * `stringify(value, { lineWidth: 0, ...options })` of the yaml library, byte for byte. Plain data (objects, arrays,
 * strings, whole numbers, booleans, null) is spelled by the small emitter above; anything else, and any string
 * it leaves to the library, by the library. Why: generation writes some 60 KB of YAML (agent.yaml, the Kubernetes
 * manifests, the Compose file), and the library's document model spent most of the ecosystem files' time building
 * nodes for it, each `nx g` in code V8 had not compiled yet.
 */
export function stringifyYaml(value: unknown, options: StringifyYamlOptions = {}): string {
  const aliasDuplicateObjects = options.aliasDuplicateObjects ?? true;
  if (typeof value === 'object' && value !== null) {
    try {
      return `${new BlockEmitter(aliasDuplicateObjects).node(value, '')}\n`;
    } catch (error) {
      if (!(error instanceof NotPlainData)) throw error;
    }
  }
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects });
}
