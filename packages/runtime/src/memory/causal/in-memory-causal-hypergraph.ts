import { flatUuid } from '../flat-uuid';
import type { BackendHealth } from '../../backend-health';
import type {
  CausalExplanation,
  CausalHypergraph,
  CausalPath,
  Hyperedge,
  HyperedgeInput,
} from './causal-hypergraph';
import { explainEffect, strongestCausalPath } from './causal-walk';
import { byWeight, checkHyperedgeText, hyperedgeInputOf, type CheckedHyperedge } from './hyperedge-input';
import { DEFAULT_IN_PROCESS_MAX_RECORDS } from '../in-process-budget';
import { requireNonEmpty } from '../json-value';
import { RecordRing } from '../record-ring';

type StoredHyperedge = CheckedHyperedge & { id: string };

/**
 * Causal hypergraph inside the agent process (lost on restart), of at most `maxHyperedges`, the oldest dropped
 * first. A hyperedge's evidence is kept as its JSON text, parsed again only when the hyperedge is read.
 */
export class InMemoryCausalHypergraph implements CausalHypergraph {
  private readonly hyperedges: RecordRing<StoredHyperedge>;

  constructor(options: { maxHyperedges?: number } = {}) {
    this.hyperedges = new RecordRing(options.maxHyperedges ?? DEFAULT_IN_PROCESS_MAX_RECORDS);
  }

  async addHyperedge(input: HyperedgeInput): Promise<string> {
    const hyperedge: StoredHyperedge = { id: flatUuid(), ...checkHyperedgeText(input) };
    this.hyperedges.push(hyperedge);
    return hyperedge.id;
  }

  async causesOf(effect: string): Promise<Hyperedge[]> {
    requireNonEmpty(effect, 'causesOf(effect)');
    return this.matching((h) => h.effects.includes(effect));
  }

  async effectsOf(cause: string): Promise<Hyperedge[]> {
    requireNonEmpty(cause, 'effectsOf(cause)');
    return this.matching((h) => h.causes.includes(cause));
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
      detail: `${this.hyperedges.size} hyperedges`,
    };
  }

  async close(): Promise<void> {
    this.hyperedges.clear();
  }

  /** Fresh copies of the hyperedges `accept` takes, strongest first, in insertion order within a weight. */
  private matching(accept: (hyperedge: StoredHyperedge) => boolean): Hyperedge[] {
    const found: Hyperedge[] = [];
    for (const stored of this.hyperedges)
      if (accept(stored)) found.push({ id: stored.id, ...hyperedgeInputOf(stored) });
    return byWeight(found);
  }
}
