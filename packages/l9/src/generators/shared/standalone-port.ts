import type { RecordedSources } from './recorded-sources';

/**
 * The port of a standalone agent: the one its manifest already records (so regeneration keeps it), else the
 * lowest port from `base` that no other agent of the workspace is recorded on — other standalone agents and
 * every member of every ecosystem. Depends on the workspace only, so the same workspace gives the same port.
 */
export function standalonePort(sources: RecordedSources, id: string, base: number): number {
  const own = sources.standalone.find((agent) => agent.id === id)?.port;
  if (own !== undefined) return own;
  const taken = new Set<number>();
  for (const agent of sources.standalone)
    if (agent.id !== id && agent.port !== undefined) taken.add(agent.port);
  for (const ecosystem of sources.ecosystems)
    for (const port of Object.values(ecosystem.ports)) taken.add(port);
  let port = base;
  while (taken.has(port)) port += 1;
  return port;
}
