import type { Diagnostic } from '../diagnostics';
import { didYouMean } from './did-you-mean';
import type { AgentSpec } from './model/agent-spec';
import type { DependencyEdge } from './model/ecosystem';
import { toKebabCase } from './normalize/naming';

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The collection's agents indexed the three ways a dependency may name one. */
export class AgentIndex {
  private readonly byName = new Map<string, AgentSpec>();
  private readonly byId = new Map<string, AgentSpec>();
  private readonly bySquashed = new Map<string, AgentSpec>();

  constructor(readonly agents: readonly AgentSpec[]) {
    for (const agent of agents) {
      if (!this.byName.has(agent.name)) this.byName.set(agent.name, agent);
      if (!this.byId.has(agent.id)) this.byId.set(agent.id, agent);
      if (!this.bySquashed.has(squash(agent.name))) this.bySquashed.set(squash(agent.name), agent);
    }
  }

  /** The agent a written name means: its exact name, its id, or the same letters and digits. */
  resolve(written: string): AgentSpec | undefined {
    return (
      this.byName.get(written) ??
      this.byId.get(written) ??
      this.byId.get(toKebabCase(written)) ??
      this.bySquashed.get(squash(written))
    );
  }
}

/** A dependency outside the collection is fine when the agent links it: `governance` matches `L9/core/governance.py`. */
function isLinkedExternally(written: string, agent: AgentSpec | undefined): boolean {
  if (!agent) return false;
  return agent.linkexisting.some((entry) => {
    const last = entry.split('/').pop() ?? entry;
    return entry === written || last === written || last.replace(/\.[^.]+$/, '') === written;
  });
}

/**
 * Resolves every edge's names to agents of the collection. Unknown names that the dependent agent does not
 * link are errors with a did-you-mean; self-dependencies are errors; an edge declared both hard and soft
 * keeps the hard one. The result names agents by their `name` and is sorted by where it was declared.
 */
export function resolveDependencies(
  edges: readonly DependencyEdge[],
  agents: readonly AgentSpec[],
): { edges: DependencyEdge[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const resolved = new Map<string, DependencyEdge>();
  const names = agents.map((a) => a.name);
  const index = new AgentIndex(agents);
  for (const edge of edges) {
    const from = index.resolve(edge.from);
    const to = index.resolve(edge.to);
    const missing = [!from ? edge.from : null, !to ? edge.to : null].filter((n): n is string => n !== null);
    const external = missing.filter((name) => !(name === edge.from && isLinkedExternally(name, to)));
    if (external.length > 0) {
      for (const name of external) {
        const suggestion = didYouMean(name, names);
        diagnostics.push({
          code: 'L9E040',
          severity: 'error',
          message: `'${name}' is not an agent of this collection and is not in linkexisting`,
          hint: suggestion
            ? `did you mean '${suggestion}'?`
            : `add it to cursorinstructions.linkexisting if it is an existing component`,
          ...edge.origin,
        });
      }
      continue;
    }
    if (!from || !to) continue;
    if (from.name === to.name) {
      diagnostics.push({
        code: 'L9E042',
        severity: 'error',
        message: `${to.name} depends on itself`,
        ...edge.origin,
      });
      continue;
    }
    const key = `${from.name}\u0000${to.name}`;
    const earlier = resolved.get(key);
    if (earlier) {
      if (earlier.kind !== edge.kind) {
        diagnostics.push({
          code: 'L9W052',
          severity: 'warning',
          message: `${to.name} depends on ${from.name} both hard and soft; the hard dependency is kept`,
          ...edge.origin,
        });
        if (edge.kind === 'hard') resolved.set(key, { ...edge, from: from.name, to: to.name });
      }
      continue;
    }
    resolved.set(key, { ...edge, from: from.name, to: to.name });
  }
  const sorted = [...resolved.values()].sort((a, b) =>
    a.origin.file < b.origin.file
      ? -1
      : a.origin.file > b.origin.file
        ? 1
        : a.origin.line - b.origin.line || a.origin.column - b.origin.column,
  );
  return { edges: sorted, diagnostics };
}
