/**
 * A short string matching a JSON Schema `pattern`, for the common shapes people write: literals, escapes such as
 * `\d` and `\w`, character classes and quantifiers (`^[0-9-]{10,17}$`, `^[A-Z]{2}\d{4}$`). Each atom is repeated its
 * least allowed number of times with the first character it accepts. Anything else (groups, alternation, negated
 * classes) gives undefined, and so does a result the pattern does not accept after all: the caller then needs the
 * schema's `examples`. Pure and deterministic.
 */
export function patternSample(pattern: string): string | undefined {
  let out = '';
  let i = 0;
  const source = pattern.startsWith('^') ? pattern.slice(1) : pattern;
  const body = source.endsWith('$') && !source.endsWith('\\$') ? source.slice(0, -1) : source;
  while (i < body.length) {
    const atom = readAtom(body, i);
    if (!atom) return undefined;
    i = atom.next;
    const quantifier = readQuantifier(body, i);
    i = quantifier.next;
    out += atom.char.repeat(quantifier.min);
  }
  try {
    return new RegExp(pattern, 'u').test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

const ESCAPES: Record<string, string> = { d: '0', w: 'a', s: ' ' };

function readAtom(body: string, at: number): { char: string; next: number } | undefined {
  const c = body[at]!;
  if (c === '\\') {
    const e = body[at + 1];
    if (e === undefined) return undefined;
    if (e in ESCAPES) return { char: ESCAPES[e]!, next: at + 2 };
    return /[A-Za-z0-9]/.test(e) ? undefined : { char: e, next: at + 2 };
  }
  if (c === '[') {
    const close = body.indexOf(']', at + 2);
    if (close < 0 || body[at + 1] === '^') return undefined;
    const first = body[at + 1]!;
    if (first === '\\') {
      const e = body[at + 2];
      return e !== undefined && e in ESCAPES
        ? { char: ESCAPES[e]!, next: close + 1 }
        : e !== undefined && !/[A-Za-z0-9]/.test(e)
          ? { char: e, next: close + 1 }
          : undefined;
    }
    return { char: first, next: close + 1 };
  }
  if ('()|^$'.includes(c)) return undefined;
  if (c === '.') return { char: 'a', next: at + 1 };
  if ('*+?{'.includes(c)) return undefined;
  return { char: c, next: at + 1 };
}

function readQuantifier(body: string, at: number): { min: number; next: number } {
  const c = body[at];
  if (c === '*' || c === '?') return { min: 0, next: at + 1 };
  if (c === '+') return { min: 1, next: at + 1 };
  if (c === '{') {
    const match = /^\{(\d+)(,\d*)?\}/.exec(body.slice(at));
    if (match) return { min: Number(match[1]), next: at + match[0].length };
  }
  return { min: 1, next: at };
}
