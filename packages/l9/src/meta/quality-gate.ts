import type { QualityGate } from './validation-checklist-meta';

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

/**
 * Whether a gate passes for `passed` out of `total` measured items, in integer arithmetic so that no
 * rounding can turn 94.99 % into 95 %: `min_percent` gates need passed * 100 >= total * min_percent,
 * `max_failed` gates need total - passed <= max_failed. With nothing measured the gate's `when_empty`
 * decides. Counts that cannot be (negative, fractional, passed > total) are a caller bug and throw.
 */
export function gatePasses(gate: QualityGate, passed: number, total: number): boolean {
  assertCount('passed', passed);
  assertCount('total', total);
  if (passed > total) throw new RangeError(`passed (${passed}) cannot exceed total (${total})`);
  if (total === 0) return gate.when_empty === 'pass';
  if (gate.min_percent !== undefined) return passed * 100 >= total * gate.min_percent;
  if (gate.max_failed !== undefined) return total - passed <= gate.max_failed;
  throw new RangeError(`gate ${gate.id} has neither min_percent nor max_failed`);
}
