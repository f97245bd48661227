import type { ModuleSpec } from '../../../schema';
import { endpointOperation } from '../../../schema/normalize/endpoint-handlers';
import type { AgentRenderContext } from './render-context';

/** Domain modules of the agent, in schema order. */
export function domainModules(ctx: AgentRenderContext): ModuleSpec[] {
  return ctx.spec.modules.filter((m) => ctx.roleOf(m.source) === null);
}

/**
 * The domain module that serves each endpoint: the one its `handler:` names, else the one whose name shares
 * most words with the endpoint's (`score_candidates` → `tensor-scorer`). Null when `handler: null` says so or
 * no domain module matches: the runtime's default operation then records and acknowledges the call.
 */
export function endpointOperations(ctx: AgentRenderContext): Map<string, string | null> {
  const domain = domainModules(ctx);
  return new Map(ctx.spec.endpoints.map((endpoint) => [endpoint.name, endpointOperation(endpoint, domain)]));
}
