import { MemoryValidationError } from '../errors';
import { type JsonObject, copyJsonObject, requireNonEmpty } from '../json-value';
import type { Direction, Neighbor } from './semantic-graph';

/** Labels and relation types become Neo4j identifiers, so all backends accept the same safe alphabet. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

export function checkNodeId(id: unknown, where = 'node id'): string {
  return requireNonEmpty(id, `semantic graph ${where}`);
}

export function checkLabels(labels: unknown): string[] {
  if (!Array.isArray(labels))
    throw new MemoryValidationError('semantic graph labels: expected an array of names');
  for (const label of labels) {
    if (typeof label !== 'string' || !IDENTIFIER.test(label)) {
      throw new MemoryValidationError(
        `semantic graph label "${String(label)}": use letters, digits and _ (not starting with a digit)`,
      );
    }
  }
  return [...new Set(labels as string[])].sort();
}

export function checkRelation(relation: unknown): string {
  if (typeof relation !== 'string' || !IDENTIFIER.test(relation)) {
    throw new MemoryValidationError(
      `semantic graph relation "${String(relation)}": use letters, digits and _ (not starting with a digit)`,
    );
  }
  return relation;
}

export function checkProps(props: unknown): JsonObject {
  return props === undefined ? {} : copyJsonObject(props, 'semantic graph props');
}

export function checkDirection(direction: unknown): Direction {
  const value = direction ?? 'out';
  if (value !== 'out' && value !== 'in' && value !== 'both') {
    throw new MemoryValidationError(
      `semantic graph direction "${String(direction)}": expected out, in or both`,
    );
  }
  return value;
}

/** An upserted node's id, labels and properties, checked as every backend checks them. */
export function checkNodeInput(
  id: unknown,
  labels: unknown,
  props: unknown,
): { id: string; labels: string[]; props: JsonObject } {
  return { id: checkNodeId(id), labels: checkLabels(labels), props: checkProps(props) };
}

/** An edge's source, relation and target, checked in that order. */
export function checkEdgeKey(
  from: unknown,
  relation: unknown,
  to: unknown,
): { from: string; relation: string; to: string } {
  return {
    from: checkNodeId(from, 'edge source'),
    relation: checkRelation(relation),
    to: checkNodeId(to, 'edge target'),
  };
}

/** A `neighbors` query, checked: the node, the direction (`out` when left out), the relation when one is named. */
export function checkNeighborQuery(
  id: unknown,
  options: { relation?: unknown; direction?: unknown },
): { id: string; direction: Direction; relation: string | undefined } {
  return {
    id: checkNodeId(id),
    direction: checkDirection(options.direction),
    relation: options.relation === undefined ? undefined : checkRelation(options.relation),
  };
}

export function compareNeighbors(a: Neighbor, b: Neighbor): number {
  return (
    a.relation.localeCompare(b.relation) ||
    a.node.id.localeCompare(b.node.id) ||
    a.direction.localeCompare(b.direction)
  );
}
