import type { EndpointSpec, ModuleSpec } from '../../../schema';
import type { AgentRenderContext } from './render-context';

const tokens = (name: string) => name.toLowerCase().split(/[^a-z0-9]+/).filter((t) => t.length >= 3);

/** Two words match when they share their first five letters, or all of the shorter one (score ~ scorer). */
function wordsMatch(a: string, b: string): boolean {
  const n = Math.min(5, a.length, b.length);
  return a.slice(0, n) === b.slice(0, n);
}

function overlap(endpoint: EndpointSpec, module: ModuleSpec): number {
  const moduleWords = tokens(module.name.split('/').pop()!);
  return tokens(endpoint.name).filter((word) => moduleWords.some((m) => wordsMatch(word, m))).length;
}

/**
 * The domain module that serves each endpoint: the one whose name shares most words with the endpoint's
 * (`score_candidates` → `tensor-scorer`), first in schema order on a tie. Null when no domain module
 * matches: the runtime's default operation then records and acknowledges the call.
 */
export function endpointOperations(ctx: AgentRenderContext): Map<string, string | null> {
  const domain = ctx.spec.modules.filter((m) => ctx.roleOf(m.source) === null);
  const result = new Map<string, string | null>();
  for (const endpoint of ctx.spec.endpoints) {
    let best: ModuleSpec | null = null;
    let bestScore = 0;
    for (const module of domain) {
      const score = overlap(endpoint, module);
      if (score > bestScore) {
        best = module;
        bestScore = score;
      }
    }
    result.set(endpoint.name, best?.name ?? null);
  }
  return result;
}

/** Domain modules of the agent, in schema order. */
export function domainModules(ctx: AgentRenderContext): ModuleSpec[] {
  return ctx.spec.modules.filter((m) => ctx.roleOf(m.source) === null);
}
