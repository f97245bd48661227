import { MemoryValidationError } from '../errors';
import { copyJsonObject, requireNonEmpty } from '../json-value';
import type { Hyperedge, HyperedgeInput } from './causal-hypergraph';

export const DEFAULT_DEPTH = 5;
export const MAX_DEPTH = 50;

export function checkHyperedge(input: HyperedgeInput): HyperedgeInput {
  if (typeof input !== 'object' || input === null)
    throw new MemoryValidationError('hyperedge: expected an object');
  const nodes = (value: unknown, field: string) => {
    if (!Array.isArray(value) || value.length === 0)
      throw new MemoryValidationError(`hyperedge.${field}: expected a non-empty array of node names`);
    return [...new Set(value.map((node, index) => requireNonEmpty(node, `hyperedge.${field}[${index}]`)))];
  };
  const checked: HyperedgeInput = {
    causes: nodes(input.causes, 'causes'),
    effects: nodes(input.effects, 'effects'),
    weight: input.weight,
  };
  if (typeof input.weight !== 'number' || !(input.weight >= 0 && input.weight <= 1)) {
    throw new MemoryValidationError(
      `hyperedge.weight: must be a number from 0 to 1, got ${String(input.weight)}`,
    );
  }
  if (input.label !== undefined) checked.label = requireNonEmpty(input.label, 'hyperedge.label');
  if (input.evidence !== undefined) checked.evidence = copyJsonObject(input.evidence, 'hyperedge.evidence');
  return checked;
}

export function checkDepth(depth: number | undefined): number {
  const value = depth ?? DEFAULT_DEPTH;
  if (!Number.isInteger(value) || value < 1 || value > MAX_DEPTH) {
    throw new MemoryValidationError(
      `causal walk depth: must be an integer from 1 to ${MAX_DEPTH}, got ${String(depth)}`,
    );
  }
  return value;
}

/** Strongest first; equal weights keep insertion order (callers pass hyperedges in insertion order). */
export function byWeight(hyperedges: Hyperedge[]): Hyperedge[] {
  return hyperedges
    .map((h, index) => ({ h, index }))
    .sort((a, b) => b.h.weight - a.h.weight || a.index - b.index)
    .map(({ h }) => h);
}
