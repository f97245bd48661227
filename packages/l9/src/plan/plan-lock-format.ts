import { canonicalize } from '@l9/runtime/shared';

const INDENT = '  ';
/** The characters where the canonical text gets whitespace; a `"` starts a string, copied as it is. */
const STRUCTURE = /["{}[\],:]/g;

/**
 * Canonical order, indented for people: the runtime's canonical JSON (RFC 8785 key order; NaN, Infinity and
 * functions refused with their path) with a line per member and two spaces per level, then a newline — for the
 * files people read and diff (`plan.lock.json`, the evidence statement). Parsing it and canonicalizing again gives
 * back exactly the bytes that are hashed.
 *
 * The canonical text is re-indented rather than parsed and printed again: `JSON.parse` would move keys that
 * look like array indices ("2", "10") to the front in numeric order, which is not the canonical order.
 */
export function canonicalJsonPretty(value: unknown): string {
  return `${indent(canonicalize(value))}\n`;
}

/** Adds the whitespace of `JSON.stringify(…, null, 2)` to compact JSON text, leaving strings untouched. */
function indent(compact: string): string {
  let out = '';
  let depth = 0;
  let copied = 0;
  STRUCTURE.lastIndex = 0;
  for (let match = STRUCTURE.exec(compact); match !== null; match = STRUCTURE.exec(compact)) {
    const at = match.index;
    out += compact.slice(copied, at);
    copied = at + 1;
    const char = compact[at]!;
    if (char === '"') {
      const end = stringEnd(compact, at);
      out += compact.slice(at, end);
      copied = end;
      STRUCTURE.lastIndex = end;
    } else if (char === '{' || char === '[') {
      const empty = compact[at + 1] === (char === '{' ? '}' : ']');
      if (empty) {
        out += char + compact[at + 1]!;
        copied = at + 2;
        STRUCTURE.lastIndex = at + 2;
      } else {
        depth += 1;
        out += `${char}\n${INDENT.repeat(depth)}`;
      }
    } else if (char === '}' || char === ']') {
      depth -= 1;
      out += `\n${INDENT.repeat(depth)}${char}`;
    } else if (char === ',') {
      out += `,\n${INDENT.repeat(depth)}`;
    } else {
      out += ': ';
    }
  }
  return out + compact.slice(copied);
}

/** The index just past the closing quote of the JSON string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let at = start + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    let backslashes = 0;
    while (text[quote - 1 - backslashes] === '\\') backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}
