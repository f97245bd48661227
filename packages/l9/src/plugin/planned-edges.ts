import type { LockedEdge, LockedOrder } from './locked-plan';

/**
 * The edges a locked plan orders by: every hard edge, and each soft edge the plan accepted. The plan's
 * order is topological over exactly those edges, and a soft edge is dropped (L9I051) only when its target
 * is already needed before its source, that is when the order puts them the other way round; so a soft
 * edge was accepted exactly when its `from` comes before its `to` in the locked order. Every edge returned
 * points forward in one total order, hence never closes a cycle. A soft edge that repeats a hard one is
 * left out: the hard edge already orders the pair.
 */
export function plannedEdges(plan: Pick<LockedOrder, 'order' | 'edges'>): LockedEdge[] {
  const position = new Map(plan.order.map((name, index) => [name, index]));
  const hard = new Set(plan.edges.filter((e) => e.kind === 'hard').map((e) => `${e.from}\u0000${e.to}`));
  return plan.edges.filter((edge) => {
    if (edge.kind === 'hard') return true;
    if (hard.has(`${edge.from}\u0000${edge.to}`)) return false;
    const from = position.get(edge.from);
    const to = position.get(edge.to);
    return from !== undefined && to !== undefined && from < to;
  });
}
