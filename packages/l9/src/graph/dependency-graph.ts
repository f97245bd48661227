import type { DependencyEdge } from '../schema/model/ecosystem';

/**
 * Agents and the edges between them, with adjacency built once. Edges point from the agent needed first
 * to the agent that needs it. `rank` is the stable tie-break: agents that could go in either order go by it.
 */
export interface DependencyGraph {
  nodes: string[];
  edges: DependencyEdge[];
  rank: (node: string) => string;
}

export function compareByRank(graph: Pick<DependencyGraph, 'rank'>): (a: string, b: string) => number {
  return (a, b) => {
    const ra = graph.rank(a);
    const rb = graph.rank(b);
    return ra < rb ? -1 : ra > rb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  };
}

export function successors(edges: readonly DependencyEdge[]): Map<string, DependencyEdge[]> {
  const out = new Map<string, DependencyEdge[]>();
  for (const edge of edges) {
    const list = out.get(edge.from);
    if (list) list.push(edge);
    else out.set(edge.from, [edge]);
  }
  return out;
}

export function compareOrigins(a: DependencyEdge, b: DependencyEdge): number {
  if (a.origin.file !== b.origin.file) return a.origin.file < b.origin.file ? -1 : 1;
  return a.origin.line - b.origin.line || a.origin.column - b.origin.column;
}
