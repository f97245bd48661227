import type * as z from 'zod';

type Walkable = { shape?: Record<string, unknown>; element?: unknown; unwrap?: () => unknown };

/**
 * The keys a zod object model accepts at `path` of a value, used to suggest the key a misspelt one meant.
 * Walks objects, arrays and optional wrappers; anything else (records, unions) has no fixed key list.
 */
export function knownKeysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let node = schema as unknown as Walkable | undefined;
  for (const segment of path) {
    while (node && !node.shape && !node.element && typeof node.unwrap === 'function')
      node = node.unwrap() as Walkable;
    if (!node) return [];
    if (typeof segment === 'number' && node.element) node = node.element as Walkable;
    else if (node.shape && typeof segment === 'string') node = node.shape[segment] as Walkable | undefined;
    else return [];
  }
  while (node && !node.shape && typeof node.unwrap === 'function') node = node.unwrap() as Walkable;
  return node?.shape ? Object.keys(node.shape) : [];
}
