import type { Diagnostic } from '../diagnostics';
import { acceptSoftEdges } from './accept-soft-edges';
import { compareByRank, type DependencyGraph } from './dependency-graph';
import { findCycles, type DependencyCycle } from './find-cycles';
import { kahnRounds } from './kahn-rounds';

export interface GraphAnalysis {
  /** Topological order over hard and accepted soft edges; empty when hard dependencies form a cycle. */
  order: string[];
  /** Agents whose hard dependencies are all in earlier waves; they can be built and started in parallel. */
  waves: string[][];
  cycles: DependencyCycle[];
  diagnostics: Diagnostic[];
}

function cycleDiagnostic(cycle: DependencyCycle): Diagnostic {
  const where = cycle.edges.map(
    (e) => `${e.from} -> ${e.to} at ${e.origin.file}:${e.origin.line}:${e.origin.column}`,
  );
  return {
    code: 'L9E041',
    severity: 'error',
    message: `hard dependencies form a cycle: ${cycle.path.join(' -> ')}`,
    hint: `each arrow reads "is needed before"; break one edge or make it soft: ${where.join('; ')}`,
    ...cycle.edges[0]!.origin,
  };
}

/**
 * Orders an ecosystem: cycles among hard dependencies are errors (each reported with its full path and
 * the position of every edge); soft dependencies refine the order where they close no cycle.
 */
export function analyzeGraph(graph: DependencyGraph): GraphAnalysis {
  const compare = compareByRank(graph);
  const hard = graph.edges.filter((e) => e.kind === 'hard');
  const soft = graph.edges.filter((e) => e.kind === 'soft');
  const hardRounds = kahnRounds(graph.nodes, hard, compare);
  if (hardRounds.blocked.length > 0) {
    const blocked = new Set(hardRounds.blocked);
    const cycles = findCycles(
      hardRounds.blocked,
      hard.filter((e) => blocked.has(e.from) && blocked.has(e.to)),
    );
    return { order: [], waves: [], cycles, diagnostics: cycles.map(cycleDiagnostic) };
  }
  const { accepted, diagnostics } = acceptSoftEdges(hard, soft);
  const ordered = kahnRounds(graph.nodes, accepted, compare);
  return { order: ordered.rounds.flat(), waves: hardRounds.rounds, cycles: [], diagnostics };
}
