import type { FastifyBaseLogger } from 'fastify';
import type * as z from 'zod';
import type { Backend } from '../backend-health';
import type { RuntimeConfig } from '../config/load-runtime-config';
import type { SecurityReport } from '../config/network-exposure';
import type { EndpointValidator } from '../contract/endpoint-validator';
import type { JsonObject, PacketEnvelope } from '../envelope/envelope-schema';
import type { OutputBounds } from '../guards/output-bounds';
import type { AuditSink, EventPublisher, GovernanceGate } from './server-hooks';
import type { ReplayGuard } from './replay-guard';

export interface AgentIdentity {
  /** Kebab-case id; what `destination_agent` must name (the display name is accepted too). */
  id: string;
  name: string;
  version: string;
  /** First path segment of the built-in routes, e.g. `tensoraios` → `GET /tensoraios/status`. */
  routePrefix: string;
  /** The schema's `deployment.healthcheck` path: answered like `GET /<prefix>/health`. */
  healthPath?: string;
  /** What the agent does, in a sentence (its A2A Agent Card's description). */
  description?: string;
  /** Who runs it (its Agent Card's provider); default organization `L9`, URL the agent's own. */
  provider?: { organization: string; url: string };
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface EndpointContext {
  /** Aborted when the endpoint's timeout passes; long work should stop on it. */
  signal: AbortSignal;
  headers: Record<string, string | string[] | undefined>;
  log: FastifyBaseLogger;
}

export interface EndpointDefinition<Payload = unknown> {
  name: string;
  /** Served exactly as declared, e.g. `/tensoraios/v6/score`. */
  path: string;
  method: HttpMethod;
  timeout_ms: number;
  /** Validates the JSON body (POST/PUT/PATCH) or the query string (GET/DELETE); failure → 400. */
  payload?: z.ZodType<Payload>;
  /**
   * The endpoint's declared request and response schemas (see `endpointValidator`): input that breaks the request
   * schema → 400 naming the field, after `payload`; an answer that breaks the response schema → 500
   * `response_contract_violation`, before `outputBounds`.
   */
  validator?: EndpointValidator;
  /** Bounds on the handler's result; a rejected result → 500 `output_bounds_violation`. */
  outputBounds?: OutputBounds;
  /**
   * A shared token the endpoint demands (`auth_required` in the schema, its value from `L9_TOKEN_*`), checked
   * with the caller's identity before governance sees the call (see endpoint-caller.ts). `value` undefined: the
   * agent lacks the variable, and every call is refused until it is set.
   */
  requiredToken?: { auth: string; variable: string; value: string | undefined };
  handler(payload: Payload, context: EndpointContext): unknown;
}

export interface PacketContext {
  signal: AbortSignal;
  log: FastifyBaseLogger;
}

export interface PacketHandlerResult {
  payload: JsonObject;
  /** Type of the response envelope; defaults to `<request type>.result`. */
  packet_type?: string;
}

export type PacketHandler = (
  envelope: PacketEnvelope,
  context: PacketContext,
) => Promise<PacketHandlerResult> | PacketHandlerResult;

/** `http` (timeouts and the connection cap) takes the runtime defaults when absent. */
export type ServerSettings = Pick<RuntimeConfig, 'auth' | 'limits' | 'rateLimit' | 'replay' | 'logLevel'> &
  Partial<Pick<RuntimeConfig, 'http'>>;

export interface AgentServerOptions {
  identity: AgentIdentity;
  endpoints?: EndpointDefinition<unknown>[];
  /** Without one, packets are validated, audited and acknowledged with `{ received: <packet_id> }`. */
  packetHandler?: PacketHandler;
  /** Named backends reported by `/status` and `/health` and closed with the server. */
  backends?: Record<string, Backend>;
  audit?: AuditSink;
  governance?: GovernanceGate;
  events?: EventPublisher;
  /**
   * The durable store that vouches for packet ids across restarts and cache evictions (see replay-gate.ts).
   * The caller owns it: list it in `backends` to have it reported and closed with the server.
   */
  replayGuard?: ReplayGuard;
  /** Usually `loadRuntimeConfig()`; missing parts take the runtime defaults. */
  settings?: Partial<ServerSettings>;
  /** Timeout of each backend health check. */
  healthTimeoutMs?: number;
  /** Process metrics (CPU, heap, event loop) on this server's registry. */
  collectDefaultMetrics?: boolean;
  /** How the agent is exposed where it listens, reported by `/status` (see network-exposure.ts). */
  security?: () => SecurityReport;
  /** Milliseconds clock for rate limits, the replay window and timestamps; injected in tests. */
  now?: () => number;
}
