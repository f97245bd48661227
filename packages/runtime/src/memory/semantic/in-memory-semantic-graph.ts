import type { BackendHealth } from '../../backend-health';
import type { JsonObject } from '../json-value';
import {
  checkDirection,
  checkLabels,
  checkNodeId,
  checkProps,
  checkRelation,
  compareNeighbors,
} from './graph-input';
import type { Direction, GraphNode, Neighbor, SemanticGraph } from './semantic-graph';

interface Edge {
  from: string;
  relation: string;
  to: string;
  props: JsonObject;
}

/** Semantic graph inside the agent process. */
export class InMemorySemanticGraph implements SemanticGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, Edge>();

  async upsertNode(id: string, labels: string[] = [], props?: JsonObject): Promise<GraphNode> {
    checkNodeId(id);
    const addedLabels = checkLabels(labels);
    const addedProps = checkProps(props);
    const node = this.ensure(id);
    node.labels = checkLabels([...node.labels, ...addedLabels]);
    node.props = { ...node.props, ...addedProps };
    return structuredClone(node);
  }

  async upsertEdge(from: string, relation: string, to: string, props?: JsonObject): Promise<void> {
    const edge = {
      from: checkNodeId(from, 'edge source'),
      relation: checkRelation(relation),
      to: checkNodeId(to, 'edge target'),
    };
    const incoming = checkProps(props);
    this.ensure(edge.from);
    this.ensure(edge.to);
    const key = JSON.stringify([edge.from, edge.relation, edge.to]);
    this.edges.set(key, { ...edge, props: { ...this.edges.get(key)?.props, ...incoming } });
  }

  async getNode(id: string): Promise<GraphNode | null> {
    const node = this.nodes.get(checkNodeId(id));
    return node ? structuredClone(node) : null;
  }

  async neighbors(
    id: string,
    options: { relation?: string; direction?: Direction } = {},
  ): Promise<Neighbor[]> {
    checkNodeId(id);
    const direction = checkDirection(options.direction);
    const relation = options.relation === undefined ? undefined : checkRelation(options.relation);
    const found: Neighbor[] = [];
    for (const edge of this.edges.values()) {
      if (relation !== undefined && edge.relation !== relation) continue;
      if (direction !== 'in' && edge.from === id) found.push(this.neighbor(edge, edge.to, 'out'));
      if (direction !== 'out' && edge.to === id) found.push(this.neighbor(edge, edge.from, 'in'));
    }
    return found.sort(compareNeighbors);
  }

  async health(): Promise<BackendHealth> {
    return {
      name: 'semantic-graph',
      kind: 'memory',
      status: 'up',
      detail: `${this.nodes.size} nodes, ${this.edges.size} edges`,
    };
  }

  async close(): Promise<void> {
    this.nodes.clear();
    this.edges.clear();
  }

  private ensure(id: string): GraphNode {
    let node = this.nodes.get(id);
    if (!node) {
      node = { id, labels: [], props: {} };
      this.nodes.set(id, node);
    }
    return node;
  }

  private neighbor(edge: Edge, otherId: string, direction: 'out' | 'in'): Neighbor {
    return {
      node: structuredClone(this.nodes.get(otherId)!),
      relation: edge.relation,
      direction,
      props: structuredClone(edge.props),
    };
  }
}
