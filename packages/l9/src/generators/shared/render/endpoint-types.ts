import type { EndpointSpec } from '../../../schema';
import { toKebabCase, toPascalCase } from '../../../schema/normalize/naming';
import { renderNamedType, typesForSchema } from './json-schema-types';
import { GENERATED_MARKER, type AgentRenderContext } from './render-context';

/** The step of the meta templates that writes `src/generated/endpoint-types.ts`. */
export const ENDPOINT_TYPES_STEP = 'endpoint-types';

/** `score_candidates` → `{ request: 'ScoreCandidatesRequest', response: 'ScoreCandidatesResponse' }`. */
export function endpointTypeNames(endpoint: Pick<EndpointSpec, 'name'>): {
  request: string;
  response: string;
} {
  const base = toPascalCase(toKebabCase(endpoint.name)) || 'Endpoint';
  return { request: `${base}Request`, response: `${base}Response` };
}

/**
 * The agents whose plan writes the types file, per plan todo list: every domain module of every agent asks,
 * and the list holds some forty entries per agent, so it is scanned once rather than on each question.
 */
const typedAgentsOf = new WeakMap<AgentRenderContext['plan']['todo'], ReadonlySet<string>>();

/** Whether this agent's plan writes the types file (a workspace whose meta templates predate it does not). */
export function hasEndpointTypes(ctx: AgentRenderContext): boolean {
  let typed = typedAgentsOf.get(ctx.plan.todo);
  if (!typed) {
    typed = new Set(
      ctx.plan.todo.filter((entry) => entry.step === ENDPOINT_TYPES_STEP).map((entry) => entry.agent),
    );
    typedAgentsOf.set(ctx.plan.todo, typed);
  }
  return typed.has(ctx.spec.name);
}

function typesOf(endpoint: EndpointSpec, which: 'request' | 'response', name: string): string {
  const schema = endpoint[which];
  const route = `${endpoint.name} (${endpoint.method} ${endpoint.path})`;
  if (!schema) {
    const what = which === 'request' ? 'input' : 'answer';
    return `/** ${route} declares no ${which} schema: its ${what} is any JSON object. */\nexport type ${name} = JsonObject;\n`;
  }
  const checked =
    which === 'request'
      ? 'checked against its request schema before any module sees it'
      : 'checked against its response schema before it goes out';
  const types = typesForSchema(name, schema);
  const main = types[types.length - 1]!;
  const described = {
    ...main,
    description: `${route}${main.description ? `: ${main.description}` : ''}; ${checked}.`,
  };
  return [...types.slice(0, -1), described].map(renderNamedType).join('\n');
}

/**
 * `src/generated/endpoint-types.ts`: a `<Endpoint>Request` and `<Endpoint>Response` type for every endpoint,
 * from the JSON Schemas it declares (a JSON object where it declares none), for domain modules to type their
 * `handle` with.
 */
export function renderEndpointTypes(ctx: AgentRenderContext): string {
  const blocks = ctx.spec.endpoints.flatMap((endpoint) => {
    const names = endpointTypeNames(endpoint);
    return [typesOf(endpoint, 'request', names.request), typesOf(endpoint, 'response', names.response)];
  });
  const body = blocks.join('\n');
  const used = ['JsonObject', 'JsonValue'].filter((name) => new RegExp(`\\b${name}\\b`).test(body));
  const imports = used.length ? `import type { ${used.join(', ')} } from '@l9/runtime';\n\n` : '';
  const intro = `/**\n * What ${ctx.spec.name}'s endpoints take and answer, from the request and response schemas of its agent schema.\n * The runtime validates every call and answer against those schemas; these types let a domain module say so.\n */\n`;
  return `// ${GENERATED_MARKER}\n${imports}${intro}${blocks.length ? `\n${body}` : 'export {};\n'}`;
}
