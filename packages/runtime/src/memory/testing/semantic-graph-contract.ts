import { MemoryValidationError } from '../errors';
import type { SemanticGraph } from '../semantic/semantic-graph';

export interface SemanticGraphContractSubject {
  /** A fresh, empty graph. */
  create(): Promise<SemanticGraph>;
}

/** The behaviour every SemanticGraph implementation must show. */
export function describeSemanticGraphContract(name: string, subject: SemanticGraphContractSubject): void {
  describe(`SemanticGraph contract: ${name}`, () => {
    let graph: SemanticGraph;
    beforeEach(async () => {
      graph = await subject.create();
    });
    afterEach(() => graph.close());

    it('upserts nodes by merging labels and properties', async () => {
      await graph.upsertNode('model:v3', ['Model'], { accuracy: 0.91, owner: 'tensor' });
      const merged = await graph.upsertNode('model:v3', ['Versioned', 'Model'], { accuracy: 0.93 });
      expect(merged).toEqual({
        id: 'model:v3',
        labels: ['Model', 'Versioned'],
        props: { accuracy: 0.93, owner: 'tensor' },
      });
      expect(await graph.getNode('model:v3')).toEqual(merged);
      expect(await graph.getNode('model:none')).toBeNull();
    });

    it('creates missing endpoints of an edge and merges edge properties', async () => {
      await graph.upsertEdge('agent:main', 'USES', 'model:v3', { since: 2024 });
      await graph.upsertEdge('agent:main', 'USES', 'model:v3', { weight: 0.5 });
      expect(await graph.getNode('model:v3')).toEqual({ id: 'model:v3', labels: [], props: {} });
      const [uses] = await graph.neighbors('agent:main');
      expect(uses).toEqual({
        node: { id: 'model:v3', labels: [], props: {} },
        relation: 'USES',
        direction: 'out',
        props: { since: 2024, weight: 0.5 },
      });
    });

    it('follows edges by direction and relation, sorted', async () => {
      await graph.upsertNode('b', ['Domain'], { name: 'plastics' });
      await graph.upsertEdge('a', 'FEEDS', 'b');
      await graph.upsertEdge('a', 'FEEDS', 'c');
      await graph.upsertEdge('d', 'FEEDS', 'a');
      await graph.upsertEdge('a', 'AUDITS', 'd');
      const summary = async (direction?: 'out' | 'in' | 'both', relation?: string) =>
        (await graph.neighbors('a', { direction, relation })).map(
          (n) => `${n.direction}:${n.relation}:${n.node.id}`,
        );
      expect(await summary()).toEqual(['out:AUDITS:d', 'out:FEEDS:b', 'out:FEEDS:c']);
      expect(await summary('in')).toEqual(['in:FEEDS:d']);
      expect(await summary('both', 'FEEDS')).toEqual(['out:FEEDS:b', 'out:FEEDS:c', 'in:FEEDS:d']);
      expect((await graph.neighbors('a', { relation: 'FEEDS' }))[0]!.node).toEqual({
        id: 'b',
        labels: ['Domain'],
        props: { name: 'plastics' },
      });
      expect(await graph.neighbors('nowhere')).toEqual([]);
    });

    it('rejects unsafe labels, relations and properties with a validation error', async () => {
      await expect(graph.upsertNode('x', ['Bad Label'])).rejects.toThrow(MemoryValidationError);
      await expect(graph.upsertNode('', ['Ok'])).rejects.toThrow(/non-empty string/);
      await expect(graph.upsertEdge('x', 'DROP`()', 'y')).rejects.toThrow(/relation/);
      await expect(graph.upsertNode('x', [], [1, 2] as never)).rejects.toThrow(/expected a JSON object/);
      await expect(graph.neighbors('x', { direction: 'sideways' as never })).rejects.toThrow(
        /out, in or both/,
      );
      expect(await graph.getNode('x')).toBeNull();
    });

    it('reports itself up', async () => {
      expect(await graph.health()).toMatchObject({ name: 'semantic-graph', status: 'up' });
    });
  });
}
