import type { JsonObject } from '../envelope/envelope-schema';
import type { HttpMethod } from '../server/server-options';

/** A JSON Schema (draft 2020-12) as the agent's schema declares it for an endpoint's request or response. */
export type EndpointJsonSchema = JsonObject;

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
  /** What the call takes (body or query): validated before any module sees it; also the A2A skill's and MCP tool's input. */
  request?: EndpointJsonSchema;
  /** What the call answers: validated before it goes out; also the MCP tool's output schema. */
  response?: EndpointJsonSchema;
  /** One line saying what the endpoint does (A2A skill and MCP tool description). */
  description?: string;
}
