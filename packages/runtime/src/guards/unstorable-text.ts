/** Where a value holds text no backend can store, and why. */
export interface UnstorableText {
  /** Dotted path of the string or key, e.g. `payload.items.0.name`; `(root)` for the value itself. */
  path: string;
  reason: string;
}

// One cheap test per string; only a string that holds a NUL or any surrogate is looked at more closely.
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this test looks for
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why `text` cannot be stored, or undefined when it can. PostgreSQL `text` and `jsonb` refuse U+0000, and a lone
 * UTF-16 surrogate is not Unicode at all (it cannot be encoded as UTF-8): either fails the write that carries it.
 */
export function unstorableReason(text: string): string | undefined {
  if (!SUSPECT.test(text)) return undefined;
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return `contains a NUL character (U+0000) at index ${nul}, which cannot be stored`;
  const lone = LONE_SURROGATE.exec(text);
  if (lone) {
    const unit = lone[0].charCodeAt(0).toString(16).toUpperCase();
    return `contains a lone UTF-16 surrogate (U+${unit}) at index ${lone.index}, which is not valid Unicode text`;
  }
  return undefined;
}

interface Frame {
  value: object;
  segment: string | undefined;
  parent: Frame | undefined;
}

/**
 * A string or object key in a parsed JSON value that a backend cannot store (see `unstorableReason`), or undefined
 * when there is none. Checks at the door, so a request carrying such text is refused with 400 before any part of it
 * is written. One pass without recursion (a deeply nested body cannot exhaust the stack); strings are tested where
 * they are met and only objects and arrays are queued, so a clean body costs one regular-expression test per string.
 */
export function findUnstorableText(value: unknown): UnstorableText | undefined {
  if (typeof value === 'string') {
    const reason = unstorableReason(value);
    return reason ? { path: '(root)', reason } : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const stack: Frame[] = [{ value, segment: undefined, parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const container = frame.value;
    if (Array.isArray(container)) {
      for (let index = 0; index < container.length; index += 1) {
        const found = visit(container[index], String(index), frame, stack);
        if (found) return found;
      }
      continue;
    }
    for (const key of Object.keys(container)) {
      const keyReason = unstorableReason(key);
      if (keyReason) return { path: pathOf(key, frame), reason: `key ${keyReason}` };
      const found = visit((container as Record<string, unknown>)[key], key, frame, stack);
      if (found) return found;
    }
  }
  return undefined;
}

function visit(child: unknown, segment: string, parent: Frame, stack: Frame[]): UnstorableText | undefined {
  if (typeof child === 'string') {
    const reason = unstorableReason(child);
    return reason ? { path: pathOf(segment, parent), reason } : undefined;
  }
  if (typeof child === 'object' && child !== null) stack.push({ value: child, segment, parent });
  return undefined;
}

/** The path of `segment` under `parent`, each segment escaped as in JSON so the path is safe to print and send back. */
function pathOf(segment: string, parent: Frame): string {
  const segments = [escapeSegment(segment)];
  for (let at: Frame | undefined = parent; at?.segment !== undefined; at = at.parent)
    segments.push(escapeSegment(at.segment));
  return segments.reverse().join('.');
}

function escapeSegment(segment: string): string {
  return JSON.stringify(segment).slice(1, -1);
}
