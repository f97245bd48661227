import type { Diagnostic } from '../../diagnostics';
import { didYouMean } from '../did-you-mean';
import type { EndpointSpec, ModuleSpec } from '../model/agent-spec';
import type { AgentSource } from './agent-source';
import { checkJsonSchema } from './check-json-schema';
import { moduleForHandler, moduleNamedLike } from './endpoint-handlers';

/** Infrastructure role of a `generatefiles` entry, or null for a domain module (see meta/module-role.ts). */
export type RoleOf = (moduleSource: string) => string | null;

const isObjectType = (type: unknown) =>
  type === undefined || type === 'object' || (Array.isArray(type) && type.includes('object'));

/** What the runtime and the generated types need of a request schema beyond being valid: it describes an object. */
function requestShapeProblem(schema: Record<string, unknown>): string | null {
  return isObjectType(schema['type'])
    ? null
    : `declares type ${JSON.stringify(schema['type'])}, but a call's input is a JSON object (its body, or a GET's query string)`;
}

/**
 * Checks what endpoints declare about their payloads and modules, each problem at the place it was written:
 *   - `request` / `response` must be valid JSON Schema draft 2020-12 (L9E035, at the offending keyword);
 *   - `handler:` must name one of the agent's domain modules (L9E034);
 *   - an endpoint with neither `handler:` nor a domain module named like it is served by no module (L9W055).
 * Returns the endpoints with `handler` resolved to the module's name.
 */
export function checkEndpointContracts(
  endpoints: readonly EndpointSpec[],
  origins: ReadonlyMap<string, number>,
  modules: readonly ModuleSpec[],
  roleOf: RoleOf,
  source: AgentSource,
): { endpoints: EndpointSpec[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const domain = modules.filter((m) => roleOf(m.source) === null);
  const domainList =
    domain.map((m) => m.source).join(', ') || 'none: add one to cursorinstructions.generatefiles';
  const checked = endpoints.map((endpoint) => {
    const base = ['deployment', 'endpoints', origins.get(endpoint.name) ?? 0];
    for (const which of ['request', 'response'] as const) {
      const schema = endpoint[which];
      if (!schema) continue;
      const problem = checkJsonSchema(schema);
      const shape = problem === null && which === 'request' ? requestShapeProblem(schema) : null;
      if (problem) {
        diagnostics.push({
          code: 'L9E035',
          severity: 'error',
          message: `${which} schema of endpoint '${endpoint.name}': ${problem.message}`,
          ...(problem.hint ? { hint: problem.hint } : {}),
          ...source.locate([...base, which, ...problem.at], 'value'),
        });
      } else if (shape) {
        diagnostics.push({
          code: 'L9E035',
          severity: 'error',
          message: `request schema of endpoint '${endpoint.name}' ${shape}`,
          hint: 'declare type: object with the fields as properties',
          ...source.locate([...base, which, 'type'], 'value'),
        });
      }
    }
    if (typeof endpoint.handler === 'string') {
      const module = moduleForHandler(endpoint.handler, modules);
      const at = source.locate([...base, 'handler'], 'value');
      if (!module) {
        const guess = didYouMean(
          endpoint.handler,
          modules.map((m) => m.source),
        );
        diagnostics.push({
          code: 'L9E034',
          severity: 'error',
          message: `handler '${endpoint.handler}' of endpoint '${endpoint.name}' names no generatefiles entry of the agent`,
          hint: guess ? `did you mean '${guess}'?` : `domain modules: ${domainList}`,
          ...at,
        });
        return endpoint;
      }
      const role = roleOf(module.source);
      if (role !== null) {
        diagnostics.push({
          code: 'L9E034',
          severity: 'error',
          message: `handler '${endpoint.handler}' of endpoint '${endpoint.name}' is the agent's ${role} module, which serves no endpoint`,
          hint: `domain modules: ${domainList}`,
          ...at,
        });
        return endpoint;
      }
      return { ...endpoint, handler: module.name };
    }
    if (endpoint.handler === undefined && moduleNamedLike(endpoint.name, domain) === null) {
      diagnostics.push({
        code: 'L9W055',
        severity: 'warning',
        message: `endpoint '${endpoint.name}' is served by no domain module: the runtime only records and acknowledges its calls`,
        hint: `name its module with handler: (one of ${domainList}), or write handler: null to keep the acknowledgement`,
        // At the name of an endpoint object; a bare path (nested dialect) has no name key and is found itself.
        ...source.locate([...base, 'name'], 'value'),
      });
    }
    return endpoint;
  });
  return { endpoints: checked, diagnostics };
}
