import { MemoryValidationError } from '../errors';
import { jsonObjectText, requireNonEmpty, type JsonObject } from '../json-value';
import type { Hyperedge, HyperedgeInput } from './causal-hypergraph';

export const DEFAULT_DEPTH = 5;
export const MAX_DEPTH = 50;

/** A hyperedge checked for storage, its evidence as JSON text (what the in-process hypergraph keeps). */
export interface CheckedHyperedge {
  causes: string[];
  effects: string[];
  weight: number;
  label: string | undefined;
  evidence: string | undefined;
}

/** Validates `input` and copies it, the evidence as its JSON text. */
export function checkHyperedgeText(input: HyperedgeInput): CheckedHyperedge {
  if (typeof input !== 'object' || input === null)
    throw new MemoryValidationError('hyperedge: expected an object');
  const nodes = (value: unknown, field: string) => {
    if (!Array.isArray(value) || value.length === 0)
      throw new MemoryValidationError(`hyperedge.${field}: expected a non-empty array of node names`);
    return [...new Set(value.map((node, index) => requireNonEmpty(node, `hyperedge.${field}[${index}]`)))];
  };
  const causes = nodes(input.causes, 'causes');
  const effects = nodes(input.effects, 'effects');
  if (typeof input.weight !== 'number' || !(input.weight >= 0 && input.weight <= 1)) {
    throw new MemoryValidationError(
      `hyperedge.weight: must be a number from 0 to 1, got ${String(input.weight)}`,
    );
  }
  return {
    causes,
    effects,
    weight: input.weight,
    label: input.label === undefined ? undefined : requireNonEmpty(input.label, 'hyperedge.label'),
    evidence: input.evidence === undefined ? undefined : jsonObjectText(input.evidence, 'hyperedge.evidence'),
  };
}

/** The input a checked hyperedge stands for, with fresh arrays and its evidence parsed again. */
export function hyperedgeInputOf(checked: CheckedHyperedge): HyperedgeInput {
  const input: HyperedgeInput = {
    causes: [...checked.causes],
    effects: [...checked.effects],
    weight: checked.weight,
  };
  if (checked.label !== undefined) input.label = checked.label;
  if (checked.evidence !== undefined) input.evidence = JSON.parse(checked.evidence) as JsonObject;
  return input;
}

export function checkHyperedge(input: HyperedgeInput): HyperedgeInput {
  return hyperedgeInputOf(checkHyperedgeText(input));
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
