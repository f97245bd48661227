import type { Diagnostic } from '../../diagnostics';
import type { EndpointSpec } from '../model/agent-spec';
import type { RawEndpoint } from '../model/raw-agent';
import type { AgentSource } from './agent-source';

const PATH_SHAPE = /^\/[A-Za-z0-9/_.:{}-]*$/;
const READ_ONLY_VERBS = new Set(['status', 'health', 'metrics', 'info', 'list']);
/** Used when a schema declares an endpoint without `timeout_ms` (the nested dialect lists bare paths). */
const DEFAULT_TIMEOUT_MS = 1000;

const METHOD_AND_PATH = /^(GET|POST|PUT|PATCH|DELETE)\s+(\S+)$/i;

/** A bare entry: `/agent/main/route` (nested dialect) or `POST /evaluate` (compact dialect). */
function fromBareEntry(entry: string): EndpointSpec {
  const explicit = METHOD_AND_PATH.exec(entry.trim());
  const path = explicit ? explicit[2]! : entry.trim();
  const last = path.split('/').filter(Boolean).pop() ?? 'root';
  const name = last.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase();
  const method = explicit
    ? (explicit[1]!.toUpperCase() as EndpointSpec['method'])
    : READ_ONLY_VERBS.has(name)
      ? 'GET'
      : 'POST';
  return { name, path, method, timeout_ms: DEFAULT_TIMEOUT_MS };
}

/** What an endpoint object declares about its payloads and its module; the handler is resolved later, against the modules. */
function contractOf(
  entry: RawEndpoint,
): Pick<EndpointSpec, 'description' | 'handler' | 'request' | 'response'> {
  // A description is one line wherever it is shown (OpenAPI summary, A2A skill, MCP tool): folded text is joined.
  const description = entry.description?.replace(/\s+/g, ' ').trim();
  return {
    ...(description ? { description } : {}),
    ...(entry.handler !== undefined ? { handler: entry.handler } : {}),
    ...(entry.request !== undefined ? { request: entry.request } : {}),
    ...(entry.response !== undefined ? { response: entry.response } : {}),
  };
}

/** Paths without a leading method, for working out the route prefix before normalizing. */
export function endpointPath(entry: string | RawEndpoint): string {
  if (typeof entry !== 'string') return entry.path;
  return METHOD_AND_PATH.exec(entry.trim())?.[2] ?? entry.trim();
}

/**
 * Endpoints in one shape: `{name, path, method, timeout_ms, auth?, description?, handler?, request?, response?}`.
 * A bare path (nested dialect) gets a name from its last segment and GET for read-only verbs, POST otherwise.
 * Paths must be absolute and unique per method, names unique per agent, and none may shadow a route the runtime
 * serves itself. `origins` says where each kept endpoint was written: its index in the schema's list.
 */
export function normalizeEndpoints(
  raw: ReadonlyArray<string | RawEndpoint>,
  reservedRoutes: ReadonlyMap<string, EndpointSpec['method']>,
  source: AgentSource,
): { endpoints: EndpointSpec[]; diagnostics: Diagnostic[]; origins: Map<string, number> } {
  const endpoints: EndpointSpec[] = [];
  const origins = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  const seenRoutes = new Set<string>();
  const seenNames = new Set<string>();
  raw.forEach((entry, index) => {
    const at = () => source.locate(['deployment', 'endpoints', index], 'value');
    const report = (message: string, hint?: string) =>
      diagnostics.push({ code: 'L9E033', severity: 'error', message, ...at(), ...(hint ? { hint } : {}) });
    const endpoint: EndpointSpec =
      typeof entry === 'string'
        ? fromBareEntry(entry)
        : {
            name: entry.name,
            path: entry.path,
            method: entry.method,
            timeout_ms: entry.timeout_ms ?? DEFAULT_TIMEOUT_MS,
            ...(entry.auth_required !== undefined && entry.auth_required !== false
              ? { auth: String(entry.auth_required) }
              : {}),
            ...contractOf(entry),
          };
    if (!PATH_SHAPE.test(endpoint.path) || endpoint.path.includes('//') || endpoint.path.includes('/../')) {
      report(
        `endpoint path '${endpoint.path}' is not an absolute URL path`,
        'write it as /prefix/v1/operation',
      );
      return;
    }
    const route = `${endpoint.method} ${endpoint.path}`;
    const builtIn = reservedRoutes.get(endpoint.path);
    if (builtIn === endpoint.method) {
      // The runtime already serves this route with the meaning the schema asks for (health, status, metrics).
      diagnostics.push({
        code: 'L9I053',
        severity: 'info',
        message: `${route} is served by the runtime; no endpoint is generated for it`,
        ...at(),
      });
      return;
    }
    if (builtIn !== undefined) {
      report(
        `endpoint path '${endpoint.path}' is served by the runtime itself (${builtIn})`,
        'choose another path for this operation',
      );
      return;
    }
    if (seenRoutes.has(route)) {
      report(`endpoint ${route} is declared twice`);
      return;
    }
    if (seenNames.has(endpoint.name)) {
      report(
        `endpoint name '${endpoint.name}' is declared twice`,
        'endpoint names must be unique within an agent',
      );
      return;
    }
    seenRoutes.add(route);
    seenNames.add(endpoint.name);
    origins.set(endpoint.name, index);
    endpoints.push(endpoint);
  });
  return { endpoints, diagnostics, origins };
}

/** The route prefix: the first path segment every endpoint shares, else the agent id (DESIGN §6). */
export function routePrefixFor(paths: readonly string[], id: string): string {
  const firstSegments = new Set(paths.map((p) => p.split('/').filter(Boolean)[0] ?? ''));
  const [only] = [...firstSegments];
  return firstSegments.size === 1 && only ? only : id;
}

/** The schema's `deployment.healthcheck` when it is a URL path: the runtime answers health there too. */
export function declaredHealthPath(healthcheck: unknown): string | undefined {
  return typeof healthcheck === 'string' && PATH_SHAPE.test(healthcheck) && !healthcheck.includes('//')
    ? healthcheck
    : undefined;
}

/** Routes the runtime serves for every agent, path → method; the declared health path among them. */
export function reservedRoutesFor(prefix: string, healthPath?: string): Map<string, EndpointSpec['method']> {
  return new Map([
    [`/${prefix}/status`, 'GET'],
    [`/${prefix}/health`, 'GET'],
    [`/${prefix}/live`, 'GET'],
    [`/${prefix}/packets`, 'POST'],
    ['/metrics', 'GET'],
    ...(healthPath ? [[healthPath, 'GET'] as const] : []),
  ]);
}
