import fc from 'fast-check';
import type { DependencyEdge } from '../schema/model/ecosystem';
import { analyzeGraph } from './analyze-graph';
import { integrationMatrix } from './integration-matrix';

let line = 0;
const edge = (from: string, to: string, kind: 'hard' | 'soft' = 'hard'): DependencyEdge => ({
  from,
  to,
  kind,
  origin: { file: 'g.yaml', line: ++line, column: 1 },
});
const analyze = (nodes: string[], edges: DependencyEdge[]) =>
  analyzeGraph({ nodes, edges, rank: (n) => n.toLowerCase() });

describe('analyzeGraph', () => {
  it('orders the TensorAIOS example into its three waves', () => {
    const nodes = [
      'TensorAuditor',
      'PlastOSAdapter',
      'MainAgent',
      'TensorTrainingOrchestrator',
      'TensorAIOS',
    ];
    const edges = [
      edge('TensorAIOS', 'MainAgent'),
      edge('MainAgent', 'PlastOSAdapter'),
      edge('TensorAIOS', 'PlastOSAdapter'),
      edge('TensorAIOS', 'TensorTrainingOrchestrator'),
      edge('TensorAIOS', 'TensorAuditor'),
      edge('MainAgent', 'TensorAuditor'),
    ];
    const analysis = analyze(nodes, edges);
    expect(analysis.waves).toEqual([
      ['TensorAIOS'],
      ['MainAgent', 'TensorTrainingOrchestrator'],
      ['PlastOSAdapter', 'TensorAuditor'],
    ]);
    expect(analysis.order).toEqual([
      'TensorAIOS',
      'MainAgent',
      'TensorTrainingOrchestrator',
      'PlastOSAdapter',
      'TensorAuditor',
    ]);
  });

  it('lets a soft edge order agents without changing waves', () => {
    const analysis = analyze(['a', 'b', 'c'], [edge('a', 'c'), edge('c', 'b', 'soft')]);
    expect(analysis.order).toEqual(['a', 'c', 'b']);
    expect(analysis.waves).toEqual([['a', 'b'], ['c']]);
  });

  it('drops a soft edge that would close a cycle, with an info diagnostic, and never errors', () => {
    const analysis = analyze(['a', 'b'], [edge('a', 'b'), edge('b', 'a', 'soft')]);
    expect(analysis.order).toEqual(['a', 'b']);
    expect(analysis.diagnostics).toEqual([expect.objectContaining({ code: 'L9I051', severity: 'info' })]);
  });

  it('reports every independent cycle once, each with its path', () => {
    const analysis = analyze(
      ['a', 'b', 'c', 'd', 'e'],
      [edge('a', 'b'), edge('b', 'a'), edge('c', 'd'), edge('d', 'e'), edge('e', 'c')],
    );
    expect(analysis.cycles.map((c) => c.path)).toEqual([
      ['a', 'b', 'a'],
      ['c', 'd', 'e', 'c'],
    ]);
    expect(analysis.diagnostics.every((d) => d.code === 'L9E041')).toBe(true);
  });

  it('reports a cycle behind which other agents wait without listing those agents in it', () => {
    const analysis = analyze(['a', 'b', 'z'], [edge('a', 'b'), edge('b', 'a'), edge('b', 'z')]);
    expect(analysis.cycles.map((c) => c.path)).toEqual([['a', 'b', 'a']]);
  });

  it('property: every hard and soft edge kept goes forward in the order; waves respect hard edges', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 25 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 60 }),
        (n, raw) => {
          const nodes = Array.from({ length: n }, (_, i) => `n${String(i).padStart(2, '0')}`);
          // Edges from a lower to a higher index can never form a cycle.
          const edges = raw
            .filter(([x, y]) => x % n < y % n)
            .map(([x, y, soft]) => edge(nodes[x % n]!, nodes[y % n]!, soft ? 'soft' : 'hard'));
          const analysis = analyze(nodes, edges);
          const position = new Map(analysis.order.map((name, i) => [name, i]));
          const wave = new Map(analysis.waves.flatMap((w, i) => w.map((name) => [name, i] as const)));
          expect(analysis.order).toHaveLength(n);
          for (const e of edges) {
            expect(position.get(e.from)!).toBeLessThan(position.get(e.to)!);
            if (e.kind === 'hard') expect(wave.get(e.from)!).toBeLessThan(wave.get(e.to)!);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('integrationMatrix', () => {
  it('holds every ordered pair, N·(N−1)', () => {
    const pairs = integrationMatrix(['a', 'b', 'c', 'd', 'e']);
    expect(pairs).toHaveLength(20);
    expect(new Set(pairs.map((p) => `${p.source}>${p.target}`)).size).toBe(20);
    expect(pairs.some((p) => p.source === p.target)).toBe(false);
  });
});
