import type { AgentRuntime } from '../agent/agent-runtime';
import type { PacketEnvelope } from '../envelope/envelope-schema';
import type { CausalExplanation } from '../memory/causal/causal-hypergraph';
import { flagEnabled } from './role-flags';

const NODE_PREFIX = 'packet:';

/** A packet's node in the causal hypergraph. */
export function packetNode(packetId: string): string {
  return `${NODE_PREFIX}${packetId}`;
}

export interface PacketCauses {
  packet_id: string;
  /** Every ancestor packet reached, nearest first. */
  ancestors: string[];
  /** Ancestors with no known parent: where the chain started. */
  roots: string[];
  explanation: CausalExplanation;
}

/**
 * Keeps packet lineage in the causal hypergraph: a packet with parents becomes a hyperedge from its parents
 * to itself, labelled with its type, so "why did this packet happen" is answered by walking back the graph,
 * across agents when they share the causal store.
 */
export class CausalTracerRole {
  constructor(private readonly runtime: AgentRuntime) {}

  /** `L9_ENABLE_CAUSAL_TRACING` (on unless turned off): whether the packet path traces on its own. */
  get enabled(): boolean {
    return flagEnabled(this.runtime, 'CAUSAL_TRACING', true);
  }

  /** Records the envelope's parents as its causes; a root packet has none, and null is returned. */
  async trace(envelope: PacketEnvelope): Promise<string | null> {
    const parents = envelope.lineage.parent_ids;
    if (parents.length === 0) return null;
    return this.runtime.memory.causal.addHyperedge({
      causes: parents.map(packetNode),
      effects: [packetNode(envelope.packet_id)],
      weight: 1,
      label: envelope.packet_type,
      evidence: {
        trace_id: envelope.metadata.trace_id,
        source_agent: envelope.source_agent,
        generation: envelope.lineage.generation,
      },
    });
  }

  async causesOf(packetId: string, depth = 10): Promise<PacketCauses> {
    const explanation = await this.runtime.memory.causal.explain(packetNode(packetId), depth);
    const ancestors: string[] = [];
    for (const step of explanation.steps) {
      for (const cause of step.hyperedge.causes) {
        const id = cause.slice(NODE_PREFIX.length);
        if (cause.startsWith(NODE_PREFIX) && !ancestors.includes(id)) ancestors.push(id);
      }
    }
    const roots = explanation.rootCauses
      .filter((node) => node.startsWith(NODE_PREFIX))
      .map((node) => node.slice(NODE_PREFIX.length));
    return { packet_id: packetId, ancestors, roots, explanation };
  }
}
