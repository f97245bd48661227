import type { A2ATaskBudget } from '../a2a/a2a-task-budget';
import { FeatureFlagError, FeatureFlags, parseFeatureFlags } from '../guards/feature-flags';
import { ConfigError } from './config-error';
import { LOG_LEVELS, RuntimeEnvSchema } from './runtime-config-schema';

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface RuntimeConfig {
  port: number;
  host: string;
  /** `L9_PUBLIC_URL` without a trailing slash: the base URL clients reach the agent at, when it is not where it listens. */
  publicUrl?: string;
  auth: { required: boolean; secret?: string };
  /** An absent URL means that backend runs in-process. */
  backends: { redisUrl?: string; postgresUrl?: string; neo4jUrl?: string };
  rateLimit: { capacity: number; refillPerSecond: number };
  limits: { maxPacketBytes: number };
  /** `maxBytes` bounds the remembered responses (serialized) besides their count; unset means no byte bound. */
  replay: { windowMs: number; maxEntries: number; maxBytes?: number };
  logLevel: LogLevel;
  featureFlags: FeatureFlags;
  /** Governance notifications: where the webhook goes (signed with `webhookSecret`), and how hard to try. */
  notifications: { webhookUrl?: string; webhookSecret?: string; timeoutMs: number; retries: number };
  http: HttpLimits;
  /** Finished A2A tasks kept in memory when there is no PostgreSQL. */
  a2aTasks: A2ATaskBudget;
  /** Episodes and hyperedges each kept by in-process memory (no PostgreSQL), the oldest dropped first. */
  inProcessMemory: { maxRecords: number };
  /** Entries each topic of the in-process event stream (no Redis) keeps, the oldest trimmed first. */
  inProcessStream: { maxEntries: number };
}

/**
 * Bounds of the HTTP server. `headersTimeoutMs` and `requestTimeoutMs` cut a client that sends its request too slowly
 * (408); `idleTimeoutMs` closes a socket with no traffic at all, so it must exceed the longest endpoint timeout;
 * `keepAliveTimeoutMs` closes a kept-alive connection between requests; `maxConnections` refuses further sockets;
 * `maxRequestsPerSocket` (0: unlimited) makes a client reconnect now and then.
 */
export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  maxRequestsPerSocket: number;
}

/**
 * Reads the runtime configuration from the environment over embedded defaults. Packet authentication is on
 * when `L9_PACKET_SECRET` is set, or when `L9_PACKET_AUTH=required` (which then insists on the secret).
 * Throws `ConfigError` naming the first bad variable.
 */
export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const relevant = Object.fromEntries(
    Object.keys(RuntimeEnvSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = RuntimeEnvSchema.safeParse(relevant);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0]), issue.message);
  }
  const values = parsed.data;
  if (values.L9_PACKET_AUTH === 'required' && !values.L9_PACKET_SECRET) {
    throw new ConfigError('L9_PACKET_SECRET', 'is required because L9_PACKET_AUTH=required');
  }
  if (values.L9_GOVERNANCE_WEBHOOK_URL && !values.L9_GOVERNANCE_WEBHOOK_SECRET) {
    throw new ConfigError(
      'L9_GOVERNANCE_WEBHOOK_SECRET',
      'is required because L9_GOVERNANCE_WEBHOOK_URL is set: webhooks are signed so the receiver can trust them; make one with `openssl rand -hex 32`',
    );
  }
  if (values.L9_HTTP_HEADERS_TIMEOUT_MS > values.L9_HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      'L9_HTTP_HEADERS_TIMEOUT_MS',
      `must not exceed L9_HTTP_REQUEST_TIMEOUT_MS (${values.L9_HTTP_REQUEST_TIMEOUT_MS})`,
    );
  }
  let featureFlags: FeatureFlags;
  try {
    featureFlags = parseFeatureFlags(env);
  } catch (error) {
    if (error instanceof FeatureFlagError) throw new ConfigError(error.variable, error.message);
    throw error;
  }
  return {
    port: values.L9_PORT,
    host: values.L9_HOST,
    ...(values.L9_PUBLIC_URL ? { publicUrl: values.L9_PUBLIC_URL.replace(/\/+$/, '') } : {}),
    auth: { required: values.L9_PACKET_SECRET !== undefined, secret: values.L9_PACKET_SECRET },
    backends: {
      redisUrl: values.L9_REDIS_URL,
      postgresUrl: values.L9_POSTGRES_URL,
      neo4jUrl: values.L9_NEO4J_URL,
    },
    rateLimit: { capacity: values.L9_RATE_LIMIT_BURST, refillPerSecond: values.L9_RATE_LIMIT_PER_SECOND },
    limits: { maxPacketBytes: values.L9_MAX_PACKET_BYTES },
    replay: {
      windowMs: values.L9_REPLAY_WINDOW_SECONDS * 1000,
      maxEntries: values.L9_REPLAY_CACHE_SIZE,
      maxBytes: values.L9_REPLAY_CACHE_BYTES,
    },
    logLevel: values.L9_LOG_LEVEL,
    featureFlags,
    notifications: {
      webhookUrl: values.L9_GOVERNANCE_WEBHOOK_URL,
      webhookSecret: values.L9_GOVERNANCE_WEBHOOK_SECRET,
      timeoutMs: values.L9_NOTIFY_TIMEOUT_MS,
      retries: values.L9_NOTIFY_RETRIES,
    },
    http: {
      headersTimeoutMs: values.L9_HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: values.L9_HTTP_REQUEST_TIMEOUT_MS,
      idleTimeoutMs: values.L9_HTTP_IDLE_TIMEOUT_MS,
      keepAliveTimeoutMs: values.L9_HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: values.L9_HTTP_MAX_CONNECTIONS,
      maxRequestsPerSocket: values.L9_HTTP_MAX_REQUESTS_PER_SOCKET,
    },
    a2aTasks: { maxFinished: values.L9_A2A_TASKS_MAX, maxAgeMs: values.L9_A2A_TASKS_MAX_AGE_SECONDS * 1000 },
    inProcessMemory: { maxRecords: values.L9_MEMORY_MAX_RECORDS },
    inProcessStream: { maxEntries: values.L9_STREAM_MAX_ENTRIES },
  };
}
