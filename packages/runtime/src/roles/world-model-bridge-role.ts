import type { AgentRuntime } from '../agent/agent-runtime';
import type { CausalExplanation, CausalPath, Hyperedge } from '../memory/causal/causal-hypergraph';
import type { JsonObject } from '../memory/json-value';

export interface WorldModelObservation {
  causes: string[];
  effects: string[];
  /** Confidence in the link, 0..1. */
  weight: number;
  label?: string;
  evidence?: JsonObject;
}

export interface WorldModelBridgeOptions {
  /** How many hyperedges deep explanations walk (default 5). */
  depth?: number;
}

/**
 * The agent's view of the world model: a weighted causal hypergraph of what leads to what. Observations
 * add links; explanations walk back from an effect to its root causes; predictions walk forward from a
 * cause to its likeliest effects.
 */
export class WorldModelBridgeRole {
  private readonly depth: number;

  constructor(
    private readonly runtime: AgentRuntime,
    options: WorldModelBridgeOptions = {},
  ) {
    this.depth = options.depth ?? 5;
    if (!Number.isInteger(this.depth) || this.depth < 1)
      throw new RangeError(`world model depth must be a positive integer, got ${options.depth}`);
  }

  observe(observation: WorldModelObservation): Promise<string> {
    return this.runtime.memory.causal.addHyperedge(observation);
  }

  explain(effect: string): Promise<CausalExplanation> {
    return this.runtime.memory.causal.explain(effect, this.depth);
  }

  strongestPath(effect: string): Promise<CausalPath | null> {
    return this.runtime.memory.causal.strongestPath(effect, this.depth);
  }

  /** What `cause` is known to lead to, strongest link first. */
  predict(cause: string): Promise<Hyperedge[]> {
    return this.runtime.memory.causal.effectsOf(cause);
  }
}
