import { MemoryValidationError } from '../errors';
import type { CausalHypergraph } from '../causal/causal-hypergraph';

export interface CausalHypergraphContractSubject {
  /** A fresh, empty hypergraph. */
  create(): Promise<CausalHypergraph>;
}

/** The behaviour every CausalHypergraph implementation must show. */
export function describeCausalHypergraphContract(
  name: string,
  subject: CausalHypergraphContractSubject,
): void {
  describe(`CausalHypergraph contract: ${name}`, () => {
    let graph: CausalHypergraph;
    beforeEach(async () => {
      graph = await subject.create();
    });
    afterEach(() => graph.close());

    it('stores hyperedges and finds them by cause and by effect, strongest first', async () => {
      const weak = await graph.addHyperedge({ causes: ['drift'], effects: ['low-score'], weight: 0.2 });
      const strong = await graph.addHyperedge({
        causes: ['stale-model', 'drift'],
        effects: ['low-score', 'escalation'],
        weight: 0.8,
        label: 'joint',
        evidence: { runs: [1, 2] },
      });
      const causes = await graph.causesOf('low-score');
      expect(causes.map((h) => h.id)).toEqual([strong, weak]);
      expect(causes[0]).toEqual({
        id: strong,
        causes: ['stale-model', 'drift'],
        effects: ['low-score', 'escalation'],
        weight: 0.8,
        label: 'joint',
        evidence: { runs: [1, 2] },
      });
      expect((await graph.effectsOf('drift')).map((h) => h.id)).toEqual([strong, weak]);
      expect((await graph.effectsOf('stale-model')).map((h) => h.id)).toEqual([strong]);
      expect(await graph.causesOf('unknown')).toEqual([]);
    });

    it('explains an effect by walking causes transitively, bounded by depth', async () => {
      await graph.addHyperedge({ causes: ['b'], effects: ['a'], weight: 0.9 });
      await graph.addHyperedge({ causes: ['c', 'd'], effects: ['b'], weight: 0.5 });
      await graph.addHyperedge({ causes: ['e'], effects: ['c'], weight: 0.7 });
      const full = await graph.explain('a');
      expect(full.steps.map((s) => `${s.depth}:${s.hyperedge.causes.join('+')}`)).toEqual([
        '1:b',
        '2:c+d',
        '3:e',
      ]);
      expect(full.rootCauses).toEqual(['d', 'e']);
      const shallow = await graph.explain('a', 2);
      expect(shallow.steps).toHaveLength(2);
      expect(shallow.rootCauses).toEqual(['d']);
    });

    it('terminates on causal cycles and visits each hyperedge once', async () => {
      await graph.addHyperedge({ causes: ['load'], effects: ['latency'], weight: 0.6 });
      await graph.addHyperedge({ causes: ['latency'], effects: ['retries'], weight: 0.7 });
      await graph.addHyperedge({ causes: ['retries'], effects: ['load'], weight: 0.8 });
      const explanation = await graph.explain('latency', 50);
      expect(explanation.steps.map((s) => s.hyperedge.causes[0])).toEqual(['load', 'retries', 'latency']);
      expect(explanation.rootCauses).toEqual([]);
      const path = await graph.strongestPath('latency', 50);
      expect(path?.nodes).toEqual(['retries', 'load', 'latency']);
      expect(path?.strength).toBeCloseTo(0.8 * 0.6);
    });

    it('finds the strongest chain of causes by product of weights', async () => {
      await graph.addHyperedge({ causes: ['x'], effects: ['goal'], weight: 0.9 });
      await graph.addHyperedge({ causes: ['y'], effects: ['goal'], weight: 0.6 });
      await graph.addHyperedge({ causes: ['root1'], effects: ['x'], weight: 0.3 });
      await graph.addHyperedge({ causes: ['root2'], effects: ['y'], weight: 1 });
      const path = await graph.strongestPath('goal');
      expect(path?.nodes).toEqual(['root2', 'y', 'goal']);
      expect(path?.strength).toBeCloseTo(0.6);
      expect((await graph.strongestPath('goal', 1))?.nodes).toEqual(['x', 'goal']);
      expect(await graph.strongestPath('root1')).toBeNull();
    });

    it('rejects invalid hyperedges and depths with a validation error', async () => {
      await expect(graph.addHyperedge({ causes: ['a'], effects: ['b'], weight: 1.5 })).rejects.toThrow(
        /from 0 to 1/,
      );
      await expect(graph.addHyperedge({ causes: ['a'], effects: ['b'], weight: Number.NaN })).rejects.toThrow(
        MemoryValidationError,
      );
      await expect(graph.addHyperedge({ causes: [], effects: ['b'], weight: 0.5 })).rejects.toThrow(
        /hyperedge.causes/,
      );
      await expect(graph.addHyperedge({ causes: ['a'], effects: [''], weight: 0.5 })).rejects.toThrow(
        /effects\[0\]/,
      );
      await expect(graph.explain('b', 0)).rejects.toThrow(/depth/);
      expect(await graph.causesOf('b')).toEqual([]);
    });

    it('reports itself up', async () => {
      expect(await graph.health()).toMatchObject({ name: 'causal-hypergraph', status: 'up' });
    });
  });
}
