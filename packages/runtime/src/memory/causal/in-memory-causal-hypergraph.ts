import { randomUUID } from 'node:crypto';
import type { BackendHealth } from '../../backend-health';
import type {
  CausalExplanation,
  CausalHypergraph,
  CausalPath,
  Hyperedge,
  HyperedgeInput,
} from './causal-hypergraph';
import { explainEffect, strongestCausalPath } from './causal-walk';
import { byWeight, checkHyperedge } from './hyperedge-input';
import { DEFAULT_IN_PROCESS_MAX_RECORDS, dropOldest } from '../in-process-budget';
import { requireNonEmpty } from '../json-value';

/** Causal hypergraph inside the agent process (lost on restart), of at most `maxHyperedges`, the oldest dropped first. */
export class InMemoryCausalHypergraph implements CausalHypergraph {
  private readonly hyperedges: Hyperedge[] = [];

  constructor(private readonly options: { maxHyperedges?: number } = {}) {}

  async addHyperedge(input: HyperedgeInput): Promise<string> {
    const hyperedge: Hyperedge = { id: randomUUID(), ...checkHyperedge(input) };
    this.hyperedges.push(hyperedge);
    dropOldest(this.hyperedges, this.options.maxHyperedges ?? DEFAULT_IN_PROCESS_MAX_RECORDS);
    return hyperedge.id;
  }

  async causesOf(effect: string): Promise<Hyperedge[]> {
    requireNonEmpty(effect, 'causesOf(effect)');
    return structuredClone(byWeight(this.hyperedges.filter((h) => h.effects.includes(effect))));
  }

  async effectsOf(cause: string): Promise<Hyperedge[]> {
    requireNonEmpty(cause, 'effectsOf(cause)');
    return structuredClone(byWeight(this.hyperedges.filter((h) => h.causes.includes(cause))));
  }

  async explain(effect: string, depth?: number): Promise<CausalExplanation> {
    return explainEffect(effect, depth, (node) => this.causesOf(node));
  }

  async strongestPath(effect: string, depth?: number): Promise<CausalPath | null> {
    return strongestCausalPath(effect, depth, (node) => this.causesOf(node));
  }

  async health(): Promise<BackendHealth> {
    return {
      name: 'causal-hypergraph',
      kind: 'memory',
      status: 'up',
      detail: `${this.hyperedges.length} hyperedges`,
    };
  }

  async close(): Promise<void> {
    this.hyperedges.length = 0;
  }
}
