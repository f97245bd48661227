import type { EndpointSpec, ModuleSpec } from '../model/agent-spec';

const tokens = (name: string) =>
  name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length >= 3);

/** Two words match when they share their first five letters, or all of the shorter one (score ~ scorer). */
function wordsMatch(a: string, b: string): boolean {
  const n = Math.min(5, a.length, b.length);
  return a.slice(0, n) === b.slice(0, n);
}

function overlap(endpointName: string, module: ModuleSpec): number {
  const moduleWords = tokens(module.name.split('/').pop()!);
  return tokens(endpointName).filter((word) => moduleWords.some((m) => wordsMatch(word, m))).length;
}

/**
 * The domain module named like an endpoint: the one whose name shares most words with the endpoint's
 * (`score_candidates` → `tensor-scorer`), first in schema order on a tie; null when none shares a word.
 */
export function moduleNamedLike(
  endpointName: string,
  domainModules: readonly ModuleSpec[],
): ModuleSpec | null {
  let best: ModuleSpec | null = null;
  let bestScore = 0;
  for (const module of domainModules) {
    const score = overlap(endpointName, module);
    if (score > bestScore) {
      best = module;
      bestScore = score;
    }
  }
  return best;
}

/** `core/tensor_scorer.py` → `tensor_scorer`. */
const stem = (entry: string) => (entry.split('/').pop() ?? entry).replace(/\.[^.]*$/, '');

/**
 * The module a `handler:` value names: its `generatefiles` entry as written (`tensor_scorer.py`), the entry
 * without its extension (`tensor_scorer`), or the module name it becomes (`tensor-scorer`).
 */
export function moduleForHandler(handler: string, modules: readonly ModuleSpec[]): ModuleSpec | undefined {
  const wanted = handler.trim();
  return (
    modules.find((m) => m.source === wanted) ??
    modules.find((m) => m.name === wanted) ??
    modules.find((m) => stem(m.source) === wanted || m.name.split('/').pop() === wanted)
  );
}

/**
 * The domain operation that serves an endpoint: the module its `handler:` names (already resolved to a module
 * name by normalization), none when it says `handler: null`, else the domain module named like the endpoint.
 */
export function endpointOperation(
  endpoint: EndpointSpec,
  domainModules: readonly ModuleSpec[],
): string | null {
  if (endpoint.handler !== undefined) return endpoint.handler;
  return moduleNamedLike(endpoint.name, domainModules)?.name ?? null;
}
