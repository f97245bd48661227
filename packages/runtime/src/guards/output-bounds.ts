/**
 * Declarative bounds on what an agent emits, keyed by dotted path into the output; `*` stands for every item of
 * an array (`results.*.score`). A bound applies only where the path exists. What happens on a violation is
 * declared per field: `clamp` / `truncate` repair the value (and report the repair), `reject` refuses the output.
 * A value of the wrong type is always rejected.
 */
export type FieldBound =
  | { type: 'number'; min?: number; max?: number; integer?: boolean; onViolation?: 'clamp' | 'reject' }
  | { type: 'string'; maxLength: number; onViolation?: 'truncate' | 'reject' }
  | { type: 'array'; maxItems: number; onViolation?: 'truncate' | 'reject' };

export type OutputBounds = Readonly<Record<string, FieldBound>>;

export interface BoundFinding {
  path: string;
  message: string;
}

export type BoundsResult<T> =
  { ok: true; value: T; adjusted: BoundFinding[] } | { ok: false; violations: BoundFinding[] };

export function applyOutputBounds<T>(output: T, bounds: OutputBounds): BoundsResult<T> {
  const value = structuredClone(output);
  const adjusted: BoundFinding[] = [];
  const violations: BoundFinding[] = [];
  // Arrays are bounded before their items so `*` paths do not visit items that are about to be cut.
  const ordered = Object.entries(bounds).sort(([a], [b]) => a.split('.').length - b.split('.').length);
  for (const [path, bound] of ordered) {
    for (const slot of resolve(value, path.split('.'), [])) {
      const finding = check(slot.get(), bound, slot.path);
      if (!finding) continue;
      if (finding.repaired === undefined) violations.push({ path: slot.path, message: finding.message });
      else {
        slot.set(finding.repaired);
        adjusted.push({ path: slot.path, message: finding.message });
      }
    }
  }
  return violations.length > 0 ? { ok: false, violations } : { ok: true, value, adjusted };
}

interface Slot {
  path: string;
  get(): unknown;
  set(next: unknown): void;
}

function resolve(container: unknown, segments: string[], walked: string[]): Slot[] {
  if (typeof container !== 'object' || container === null) return [];
  const [head, ...rest] = segments;
  const keys =
    head === '*' ? (Array.isArray(container) ? container.map((_, index) => String(index)) : []) : [head];
  const record = container as Record<string, unknown>;
  return keys.flatMap((key) => {
    if (!(key in record)) return [];
    const here = [...walked, key];
    if (rest.length > 0) return resolve(record[key], rest, here);
    return [{ path: here.join('.'), get: () => record[key], set: (next: unknown) => (record[key] = next) }];
  });
}

function check(
  current: unknown,
  bound: FieldBound,
  path: string,
): { message: string; repaired?: unknown } | undefined {
  switch (bound.type) {
    case 'number': {
      if (typeof current !== 'number' || !Number.isFinite(current))
        return { message: `${path} must be a finite number` };
      if (bound.integer && !Number.isInteger(current))
        return { message: `${path} must be an integer, got ${current}` };
      const low = bound.min ?? Number.NEGATIVE_INFINITY;
      const high = bound.max ?? Number.POSITIVE_INFINITY;
      if (current >= low && current <= high) return undefined;
      const message = `${path} is ${current}, outside [${bound.min ?? '-inf'}, ${bound.max ?? 'inf'}]`;
      return bound.onViolation === 'clamp'
        ? { message, repaired: Math.min(high, Math.max(low, current)) }
        : { message };
    }
    case 'string': {
      if (typeof current !== 'string') return { message: `${path} must be a string` };
      if (current.length <= bound.maxLength) return undefined;
      const message = `${path} has ${current.length} characters, more than ${bound.maxLength}`;
      return bound.onViolation === 'truncate'
        ? { message, repaired: current.slice(0, bound.maxLength) }
        : { message };
    }
    case 'array': {
      if (!Array.isArray(current)) return { message: `${path} must be an array` };
      if (current.length <= bound.maxItems) return undefined;
      const message = `${path} has ${current.length} items, more than ${bound.maxItems}`;
      return bound.onViolation === 'truncate'
        ? { message, repaired: current.slice(0, bound.maxItems) }
        : { message };
    }
  }
}
