import * as z from 'zod';
import type { AgentRuntime } from '../agent/agent-runtime';
import type { GraphNode } from '../memory/semantic/semantic-graph';

const props = z.record(z.string(), z.unknown());
const id = z.string().trim().min(1);

/** Facts to merge into the semantic graph: entities (nodes) and relations (edges) between them. */
export const semanticUpdateSchema = z.strictObject({
  entities: z
    .array(z.strictObject({ id, labels: z.array(z.string().min(1)).optional(), props: props.optional() }))
    .default([]),
  relations: z
    .array(
      z.strictObject({
        from: id,
        relation: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a relation is a word: letters, digits and _'),
        to: id,
        props: props.optional(),
      }),
    )
    .default([]),
});

export type SemanticUpdate = z.input<typeof semanticUpdateSchema>;

export interface SemanticUpdateResult {
  entities: number;
  relations: number;
}

export class SemanticUpdateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SemanticUpdateError';
  }
}

/**
 * Merges what the agent learned into its semantic graph from one JSON object (a packet payload, a domain
 * result): entities are upserted first, then relations, so a relation never points at a node the same
 * update was about to describe. Invalid updates are refused whole, with the field that is wrong.
 */
export class SemanticUpdaterRole {
  constructor(private readonly runtime: AgentRuntime) {}

  async upsert(update: unknown): Promise<SemanticUpdateResult> {
    const parsed = semanticUpdateSchema.safeParse(update);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new SemanticUpdateError(`semantic update ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    const { entities, relations } = parsed.data;
    for (const entity of entities)
      await this.runtime.memory.semantic.upsertNode(entity.id, entity.labels ?? [], entity.props ?? {});
    for (const relation of relations)
      await this.runtime.memory.semantic.upsertEdge(
        relation.from,
        relation.relation,
        relation.to,
        relation.props ?? {},
      );
    return { entities: entities.length, relations: relations.length };
  }

  entity(entityId: string): Promise<GraphNode | null> {
    return this.runtime.memory.semantic.getNode(entityId);
  }
}
