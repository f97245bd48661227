import type { Diagnostic } from '../diagnostics';
import type { DependencyEdge } from '../schema/model/ecosystem';
import { compareOrigins, successors } from './dependency-graph';

function reaches(from: string, to: string, next: Map<string, DependencyEdge[]>): boolean {
  const stack = [from];
  const seen = new Set([from]);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === to) return true;
    for (const edge of next.get(node) ?? []) {
      if (!seen.has(edge.to)) {
        seen.add(edge.to);
        stack.push(edge.to);
      }
    }
  }
  return false;
}

/**
 * Soft dependencies order agents but never make a cycle: in declaration order, each soft edge is added
 * to the (acyclic) hard graph unless its target already reaches its source; such an edge is dropped
 * with an info diagnostic. The result is acyclic by construction.
 */
export function acceptSoftEdges(
  hard: readonly DependencyEdge[],
  soft: readonly DependencyEdge[],
): { accepted: DependencyEdge[]; diagnostics: Diagnostic[] } {
  const accepted = [...hard];
  const next = successors(accepted);
  const diagnostics: Diagnostic[] = [];
  for (const edge of [...soft].sort(compareOrigins)) {
    if (reaches(edge.to, edge.from, next)) {
      diagnostics.push({
        code: 'L9I051',
        severity: 'info',
        message: `soft dependency ${edge.from} -> ${edge.to} is not used for ordering: ${edge.to} is already needed before ${edge.from}`,
        ...edge.origin,
      });
      continue;
    }
    accepted.push(edge);
    const list = next.get(edge.from);
    if (list) list.push(edge);
    else next.set(edge.from, [edge]);
  }
  return { accepted, diagnostics };
}
