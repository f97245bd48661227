import type { Backend } from '../../backend-health';
import type { JsonObject } from '../json-value';

export interface GraphNode {
  id: string;
  /** Sorted, without duplicates. */
  labels: string[];
  props: JsonObject;
}

export type Direction = 'out' | 'in' | 'both';

export interface Neighbor {
  node: GraphNode;
  relation: string;
  /** `out`: the edge goes from the queried node to `node`; `in`: from `node` to the queried node. */
  direction: 'out' | 'in';
  props: JsonObject;
}

/**
 * The schema's `semanticmemory`: facts as a property graph. Upserts merge: labels are added, properties
 * overwrite key by key; an edge to an unknown node creates that node bare.
 */
export interface SemanticGraph extends Backend {
  upsertNode(id: string, labels?: string[], props?: JsonObject): Promise<GraphNode>;
  upsertEdge(from: string, relation: string, to: string, props?: JsonObject): Promise<void>;
  getNode(id: string): Promise<GraphNode | null>;
  /** Sorted by relation, then neighbour id, then direction. */
  neighbors(id: string, options?: { relation?: string; direction?: Direction }): Promise<Neighbor[]>;
}
