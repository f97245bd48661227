import { requireNonEmpty } from '../json-value';
import type { CausalExplanation, CausalPath, CausalStep, Hyperedge } from './causal-hypergraph';
import { checkDepth } from './hyperedge-input';

type CausesOf = (effect: string) => Promise<Hyperedge[]>;

/**
 * Breadth-first walk from an effect towards its causes. Every node is expanded at most once, so cycles
 * (A causes B causes A) end the walk instead of looping, and the depth bound (checkDepth) caps the work.
 */
export async function explainEffect(
  effectName: string,
  depthBound: number | undefined,
  causesOf: CausesOf,
): Promise<CausalExplanation> {
  const effect = requireNonEmpty(effectName, 'explain(effect)');
  const depth = checkDepth(depthBound);
  const steps: CausalStep[] = [];
  const seenEdges = new Set<string>();
  const expanded = new Set<string>([effect]);
  const rootCauses = new Set<string>();
  let frontier = [effect];
  for (let level = 1; level <= depth && frontier.length > 0; level += 1) {
    const next: string[] = [];
    for (const node of frontier) {
      const hyperedges = await causesOf(node);
      if (hyperedges.length === 0 && node !== effect) rootCauses.add(node);
      for (const hyperedge of hyperedges) {
        if (seenEdges.has(hyperedge.id)) continue;
        seenEdges.add(hyperedge.id);
        steps.push({ depth: level, hyperedge });
        for (const cause of hyperedge.causes) {
          if (!expanded.has(cause)) {
            expanded.add(cause);
            next.push(cause);
          }
        }
      }
    }
    frontier = next;
  }
  // Causes on the last frontier were not expanded; the ones without causes are roots as well.
  for (const node of frontier) if ((await causesOf(node)).length === 0) rootCauses.add(node);
  return { effect, steps, rootCauses: [...rootCauses].sort() };
}

/** Depth-first search for the cause chain with the greatest product of weights; a node never repeats on a path. */
export async function strongestCausalPath(
  effectName: string,
  depthBound: number | undefined,
  causesOf: CausesOf,
): Promise<CausalPath | null> {
  const effect = requireNonEmpty(effectName, 'strongestPath(effect)');
  const depth = checkDepth(depthBound);
  const cache = new Map<string, Promise<Hyperedge[]>>();
  const cached = (node: string) => {
    if (!cache.has(node)) cache.set(node, causesOf(node));
    return cache.get(node)!;
  };
  let best: CausalPath | null = null;
  const visit = async (node: string, onPath: Set<string>, suffix: CausalPath): Promise<void> => {
    const hyperedges = suffix.hyperedges.length >= depth ? [] : await cached(node);
    const extendable = hyperedges.filter((h) => h.causes.some((cause) => !onPath.has(cause)));
    if (extendable.length === 0 && suffix.hyperedges.length > 0) {
      if (!best || suffix.strength > best.strength) best = suffix;
      return;
    }
    for (const hyperedge of extendable) {
      for (const cause of hyperedge.causes) {
        if (onPath.has(cause)) continue;
        const strength = suffix.strength * hyperedge.weight;
        // A path never gets stronger by growing (weights are at most 1), so weaker branches can stop early.
        if (best && strength <= best.strength) continue;
        await visit(cause, new Set(onPath).add(cause), {
          nodes: [cause, ...suffix.nodes],
          hyperedges: [hyperedge, ...suffix.hyperedges],
          strength,
        });
      }
    }
  };
  await visit(effect, new Set([effect]), { nodes: [effect], hyperedges: [], strength: 1 });
  return best;
}
