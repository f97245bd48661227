import type { AgentRuntime } from '../agent/agent-runtime';
import type { EndpointContract } from '../agent/endpoint-contract';
import { endpointTokenVariable } from '../agent/create-agent-runtime';
import type { AgentIdentity, HttpMethod } from '../server/server-options';

export interface ApiRoute {
  method: HttpMethod;
  path: string;
  name: string;
  kind: 'declared' | 'built-in';
  /** Domain operation behind a declared endpoint; null when the runtime records and acknowledges the call. */
  operation: string | null;
  timeout_ms?: number;
  /** Environment variable holding the endpoint's token, for endpoints that declare `auth_required`. */
  token_variable?: string;
}

export interface ApiDescription {
  agent: AgentIdentity;
  base_url: string;
  routes: ApiRoute[];
  /** Declared endpoints whose token variable is not set: they answer 401 to everyone until it is. */
  missing_tokens: string[];
  operations: string[];
}

/**
 * What the agent serves over HTTP, as the server mounts it: the schema's endpoints at exactly their declared
 * paths, and the built-in status, health, packet and metrics routes under the agent's route prefix. For
 * docs, a gateway's route table, or a start-up check that every protected endpoint has its token.
 */
export class ApiServerRole {
  private readonly endpoints: readonly EndpointContract[];

  constructor(
    private readonly runtime: AgentRuntime,
    options: { endpoints: readonly EndpointContract[] },
  ) {
    this.endpoints = options.endpoints;
    const seen = new Set<string>();
    for (const route of this.routes()) {
      const key = `${route.method} ${route.path}`;
      if (seen.has(key))
        throw new RangeError(
          `${this.runtime.identity.name} declares ${key} twice (or over a built-in route)`,
        );
      seen.add(key);
    }
  }

  routes(): ApiRoute[] {
    const prefix = `/${this.runtime.identity.routePrefix}`;
    const declared: ApiRoute[] = this.endpoints.map((e) => ({
      method: e.method,
      path: e.path,
      name: e.name,
      kind: 'declared',
      operation: e.operation,
      timeout_ms: e.timeout_ms,
      ...(e.auth ? { token_variable: endpointTokenVariable(e.auth) } : {}),
    }));
    const builtIn: ApiRoute[] = [
      { method: 'GET', path: `${prefix}/status`, name: 'status', kind: 'built-in', operation: null },
      { method: 'GET', path: `${prefix}/health`, name: 'health', kind: 'built-in', operation: null },
      { method: 'POST', path: `${prefix}/packets`, name: 'packets', kind: 'built-in', operation: null },
      { method: 'GET', path: '/metrics', name: 'metrics', kind: 'built-in', operation: null },
    ];
    return [...declared, ...builtIn];
  }

  /** The route serving a request, or undefined. */
  find(method: HttpMethod, path: string): ApiRoute | undefined {
    return this.routes().find((route) => route.method === method && route.path === path);
  }

  describe(): ApiDescription {
    const routes = this.routes();
    const tokens = [
      ...new Set(routes.flatMap((route) => (route.token_variable ? [route.token_variable] : []))),
    ];
    return {
      agent: this.runtime.identity,
      base_url: `http://${this.runtime.config.host}:${this.runtime.config.port}`,
      routes,
      missing_tokens: tokens.filter((variable) => !this.runtime.endpointTokens[variable]).sort(),
      operations: this.runtime.operations.names(),
    };
  }
}
