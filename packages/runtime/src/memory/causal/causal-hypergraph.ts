import type { Backend } from '../../backend-health';
import type { JsonObject } from '../json-value';

export interface HyperedgeInput {
  /** Every cause that jointly produced the effects (at least one). */
  causes: string[];
  effects: string[];
  /** Confidence in the causal link, 0..1. */
  weight: number;
  label?: string;
  evidence?: JsonObject;
}

export interface Hyperedge extends HyperedgeInput {
  id: string;
}

export interface CausalStep {
  /** 1 for hyperedges that produce the explained effect directly. */
  depth: number;
  hyperedge: Hyperedge;
}

export interface CausalExplanation {
  effect: string;
  /** Each hyperedge once, breadth first, strongest first within a depth. */
  steps: CausalStep[];
  /** Causes reached that have no known cause themselves (within the depth). */
  rootCauses: string[];
}

export interface CausalPath {
  /** From a root cause to the effect. */
  nodes: string[];
  hyperedges: Hyperedge[];
  /** Product of the weights along the path. */
  strength: number;
}

/** The causal memory: many-to-many cause → effect links with weights, walked to explain an outcome. */
export interface CausalHypergraph extends Backend {
  addHyperedge(input: HyperedgeInput): Promise<string>;
  /** Hyperedges having `effect` among their effects, strongest first. */
  causesOf(effect: string): Promise<Hyperedge[]>;
  /** Hyperedges having `cause` among their causes, strongest first. */
  effectsOf(cause: string): Promise<Hyperedge[]>;
  /** Walks causes transitively up to `depth` (default 5) hyperedges deep; cycles are visited once. */
  explain(effect: string, depth?: number): Promise<CausalExplanation>;
  /** The chain of causes with the greatest product of weights ending at `effect`, or null when it has no cause. */
  strongestPath(effect: string, depth?: number): Promise<CausalPath | null>;
}
