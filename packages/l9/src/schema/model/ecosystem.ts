import type { SourcePosition } from '../yaml';
import type { AgentSpec } from './agent-spec';

/**
 * A dependency between two agents, pointing from the agent that must be ready first to the agent that
 * needs it (`TensorAIOS -> MainAgent` for `MainAgent.depends_on.hard: [TensorAIOS]`), as the extractor
 * map writes its edges. `origin` is where the user declared it.
 */
export interface DependencyEdge {
  from: string;
  to: string;
  kind: 'hard' | 'soft';
  reason?: string;
  origin: SourcePosition;
}

export interface Ecosystem {
  /** From a collection's front matter, when one was given. */
  title?: string;
  /** Sorted by id, so the result does not depend on the order the files were given in. */
  agents: AgentSpec[];
  /** Every dependency edge between agents of the collection, sorted by origin. */
  edges: DependencyEdge[];
  /** Where each agent (by name) was defined. */
  origins: Record<string, SourcePosition>;
  /** The input files, sorted. */
  files: string[];
}
