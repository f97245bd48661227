import { endpointOperations } from './endpoint-operations';
import { endpointTypeNames, hasEndpointTypes } from './endpoint-types';
import { sampleFor } from './json-schema-sample';
import type { AgentRenderContext } from './render-context';

const cell = (text: string) => text.replace(/\|/g, '\\|');
const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');

/** A call that meets the endpoint's request schema, as a curl line (the query string for a GET or DELETE). */
function validCall(ctx: AgentRenderContext, method: string, path: string, sample: unknown): string {
  const url = `http://localhost:${ctx.planned.port}${path}`;
  if (method === 'GET' || method === 'DELETE') {
    const pairs = Object.entries((sample ?? {}) as Record<string, unknown>).map(
      ([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)],
    );
    const query = new URLSearchParams(pairs).toString();
    return `curl -s -X ${method} '${url}${query ? `?${query}` : ''}'`;
  }
  return `curl -s -X ${method} ${url} -H 'content-type: application/json' -d '${JSON.stringify(sample).replace(/'/g, "'\\''")}'`;
}

/**
 * The README section saying which module serves each endpoint and why (`handler:`, or the module named like it),
 * how the operation registry connects them, what each call takes and answers, and a valid call for every
 * endpoint that declares a request schema.
 */
export function endpointRoutingSection(ctx: AgentRenderContext): string[] {
  const operations = endpointOperations(ctx);
  const typed = hasEndpointTypes(ctx);
  const rows = ctx.spec.endpoints.map((e) => {
    const operation = operations.get(e.name) ?? null;
    const module = operation
      ? `\`src/modules/${operation}.ts\``
      : 'none: the runtime records and acknowledges the call';
    const chosenBy = e.handler !== undefined ? '`handler:`' : operation ? 'named like it' : '-';
    const names = endpointTypeNames(e);
    const schema = (which: 'request' | 'response') =>
      e[which] ? (typed ? `\`${names[which]}\`` : 'declared') : 'any JSON object';
    return [e.name, `${e.method} ${e.path}`, module, chosenBy, schema('request'), schema('response')];
  });
  const calls = ctx.spec.endpoints
    .filter((e) => e.request)
    .map((e) => validCall(ctx, e.method, e.path, sampleFor(e.request!)));
  return [
    '## How an endpoint reaches a module',
    '',
    "A call to an endpoint runs the domain module that serves it, through the runtime's operation registry: the wiring",
    '(`src/generated/wiring.ts`) registers every domain module under its name, and the contract',
    "(`src/generated/contract.ts`) gives each endpoint its `operation`. That module is the one the endpoint's `handler:`",
    'names in the agent schema (by its `generatefiles` entry, as the schema spells it), or, without `handler:`, the',
    "domain module whose name shares most words with the endpoint's; `handler: null` keeps the runtime's",
    'acknowledgement. A `request` or `response` JSON Schema declared on the endpoint is checked on every call, whichever',
    'protocol it came by: input off the schema is answered 400 naming the bad field (`/candidates/0/score: must be',
    'number`) before governance or the module sees it, and an answer off the schema is never sent (500',
    '`response_contract_violation`, the field in the agent log).',
    ...(typed
      ? ['The schemas are TypeScript types in `src/generated/endpoint-types.ts` for the modules to use.']
      : []),
    '',
    table(['endpoint', 'route', 'module', 'chosen by', 'request', 'response'], rows),
    '',
    ...(calls.length ? ['Calls that meet the request schemas:', '', '```bash', ...calls, '```', ''] : []),
  ];
}
