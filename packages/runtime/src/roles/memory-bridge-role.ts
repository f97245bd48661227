import type { AgentRuntime } from '../agent/agent-runtime';
import type { BackendHealth } from '../backend-health';
import type { CausalExplanation } from '../memory/causal/causal-hypergraph';
import type { Episode } from '../memory/episodic/episodic-log';
import type { JsonObject } from '../memory/json-value';
import type { Direction, Neighbor } from '../memory/semantic/semantic-graph';
import { appendAgentEpisode, type EpisodeContext } from './agent-episode';

export interface MemoryBridgeOptions {
  /** Storage each layer declares in the schema (`workingmemory: redis`, …), reported next to what runs. */
  declared?: Record<string, string>;
}

export interface LayerReport {
  layer: string;
  declared: string | null;
  running: BackendHealth['kind'];
  status: BackendHealth['status'];
}

const LAYER_KEYS: Record<string, string> = {
  'working-memory': 'workingmemory',
  'episodic-log': 'episodicmemory',
  'semantic-graph': 'semanticmemory',
  'causal-hypergraph': 'causalmemory',
};

/**
 * One door to the agent's four memory layers, named after what the agent does with them: remember and
 * recall short-lived state (working), record and replay history (episodic), relate facts (semantic),
 * observe and explain causes (causal). Episodes are always this agent's own.
 */
export class MemoryBridgeRole {
  constructor(
    private readonly runtime: AgentRuntime,
    private readonly options: MemoryBridgeOptions = {},
  ) {}

  remember(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    return this.runtime.memory.working.set(key, value, ttlSeconds);
  }

  recall<T = unknown>(key: string): Promise<T | null> {
    return this.runtime.memory.working.get<T>(key);
  }

  forget(key: string): Promise<boolean> {
    return this.runtime.memory.working.delete(key);
  }

  record(kind: string, data: JsonObject, context: EpisodeContext = {}): Promise<Episode> {
    return appendAgentEpisode(this.runtime, kind, data, context);
  }

  /** This agent's episodes, newest first. */
  history(kind?: string, limit = 100): Promise<Episode[]> {
    return this.runtime.memory.episodic.query({
      agent: this.runtime.identity.id,
      ...(kind ? { kind } : {}),
      limit,
      order: 'desc',
    });
  }

  async relate(from: string, relation: string, to: string, props: JsonObject = {}): Promise<void> {
    await this.runtime.memory.semantic.upsertEdge(from, relation, to, props);
  }

  related(id: string, relation?: string, direction: Direction = 'both'): Promise<Neighbor[]> {
    return this.runtime.memory.semantic.neighbors(id, { direction, ...(relation ? { relation } : {}) });
  }

  observe(causes: string[], effects: string[], weight: number, label?: string): Promise<string> {
    return this.runtime.memory.causal.addHyperedge({ causes, effects, weight, ...(label ? { label } : {}) });
  }

  explain(effect: string, depth?: number): Promise<CausalExplanation> {
    return this.runtime.memory.causal.explain(effect, depth);
  }

  /** Each layer with the storage the schema declares and the backend actually serving it. */
  async layers(): Promise<LayerReport[]> {
    const health = await this.runtime.memory.healthAll();
    return health.map((entry) => {
      const key = LAYER_KEYS[entry.name] ?? entry.name;
      return {
        layer: key,
        declared: this.options.declared?.[key] ?? null,
        running: entry.kind,
        status: entry.status,
      };
    });
  }
}
