import type { DependencyEdge } from '../schema/model/ecosystem';

/**
 * Kahn's algorithm in rounds: each round takes every node whose predecessors are all placed, sorted by
 * the tie-break. Returns the rounds and the nodes never placed (they sit on or behind a cycle).
 * O(V log V + E).
 */
export function kahnRounds(
  nodes: readonly string[],
  edges: readonly DependencyEdge[],
  compare: (a: string, b: string) => number,
): { rounds: string[][]; blocked: string[] } {
  const indegree = new Map<string, number>(nodes.map((n) => [n, 0]));
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    indegree.set(edge.to, (indegree.get(edge.to) ?? 0) + 1);
    const list = next.get(edge.from);
    if (list) list.push(edge.to);
    else next.set(edge.from, [edge.to]);
  }
  const rounds: string[][] = [];
  let current = nodes.filter((n) => indegree.get(n) === 0).sort(compare);
  let placed = 0;
  while (current.length > 0) {
    rounds.push(current);
    placed += current.length;
    const upcoming: string[] = [];
    for (const node of current) {
      for (const target of next.get(node) ?? []) {
        const remaining = (indegree.get(target) ?? 0) - 1;
        indegree.set(target, remaining);
        if (remaining === 0) upcoming.push(target);
      }
    }
    current = upcoming.sort(compare);
  }
  const blocked =
    placed === nodes.length ? [] : nodes.filter((n) => (indegree.get(n) ?? 0) > 0).sort(compare);
  return { rounds, blocked };
}
