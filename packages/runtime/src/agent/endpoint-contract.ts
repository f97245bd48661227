import type { HttpMethod } from '../server/server-options';

/** One endpoint as the agent's generated contract declares it. */
export interface EndpointContract {
  name: string;
  path: string;
  method: HttpMethod;
  timeout_ms: number;
  /** Credential the endpoint requires (`auth_required`); the token comes from `L9_TOKEN_<AUTH>`. */
  auth?: string;
  /** Domain operation that serves it, or null: the runtime records and acknowledges the call. */
  operation: string | null;
}
