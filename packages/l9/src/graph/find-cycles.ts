import type { DependencyEdge } from '../schema/model/ecosystem';
import { compareOrigins, successors } from './dependency-graph';

export interface DependencyCycle {
  /** Agents along the cycle, the first repeated at the end: `[A, B, C, A]`. */
  path: string[];
  /** The edges of the cycle in path order, each with where it was declared. */
  edges: DependencyEdge[];
}

/** Strongly connected components with more than one node (Tarjan, iterative so deep graphs cannot overflow). */
function cyclicComponents(nodes: readonly string[], edges: readonly DependencyEdge[]): string[][] {
  const next = successors(edges);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const out = next.get(frame.node) ?? [];
      if (frame.i < out.length) {
        const target = out[frame.i]!.to;
        frame.i += 1;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter);
          counter += 1;
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, i: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1) components.push(component);
      }
    }
  }
  return components;
}

/**
 * One cycle per tangle of hard dependencies, with its full path. The cycle starts at the edge declared
 * first in the input and is the shortest way back to it, so the report is the same on every run.
 */
export function findCycles(nodes: readonly string[], edges: readonly DependencyEdge[]): DependencyCycle[] {
  const cycles: DependencyCycle[] = [];
  for (const component of cyclicComponents(nodes, edges)) {
    const members = new Set(component);
    const inside = edges.filter((e) => members.has(e.from) && members.has(e.to)).sort(compareOrigins);
    const first = inside[0]!;
    const next = successors(inside);
    // Breadth-first from the first edge's target back to its source, edges tried in declaration order.
    const via = new Map<string, DependencyEdge>();
    const queue = [first.to];
    const seen = new Set([first.to]);
    while (queue.length > 0 && !seen.has(first.from)) {
      const node = queue.shift()!;
      for (const edge of next.get(node) ?? []) {
        if (seen.has(edge.to)) continue;
        seen.add(edge.to);
        via.set(edge.to, edge);
        queue.push(edge.to);
      }
    }
    const back: DependencyEdge[] = [];
    for (let node = first.from; node !== first.to;) {
      const edge = via.get(node)!;
      back.unshift(edge);
      node = edge.from;
    }
    const cycleEdges = [first, ...back];
    cycles.push({ path: [...cycleEdges.map((e) => e.from), first.from], edges: cycleEdges });
  }
  return cycles.sort((a, b) => compareOrigins(a.edges[0]!, b.edges[0]!));
}
