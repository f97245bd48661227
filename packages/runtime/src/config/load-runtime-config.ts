import { FeatureFlagError, FeatureFlags, parseFeatureFlags } from '../guards/feature-flags';
import { ConfigError } from './config-error';
import { LOG_LEVELS, RuntimeEnvSchema } from './runtime-config-schema';

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface RuntimeConfig {
  port: number;
  host: string;
  auth: { required: boolean; secret?: string };
  /** An absent URL means that backend runs in-process. */
  backends: { redisUrl?: string; postgresUrl?: string; neo4jUrl?: string };
  rateLimit: { capacity: number; refillPerSecond: number };
  limits: { maxPacketBytes: number };
  /** `maxBytes` bounds the remembered responses (serialized) besides their count; unset means no byte bound. */
  replay: { windowMs: number; maxEntries: number; maxBytes?: number };
  logLevel: LogLevel;
  featureFlags: FeatureFlags;
}

/**
 * Reads the runtime configuration from the environment over embedded defaults. Packet authentication is on
 * when `L9_PACKET_SECRET` is set, or when `L9_PACKET_AUTH=required` (which then insists on the secret).
 * Throws `ConfigError` naming the first bad variable.
 */
export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const relevant = Object.fromEntries(Object.keys(RuntimeEnvSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]));
  const parsed = RuntimeEnvSchema.safeParse(relevant);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0]), issue.message);
  }
  const values = parsed.data;
  if (values.L9_PACKET_AUTH === 'required' && !values.L9_PACKET_SECRET) {
    throw new ConfigError('L9_PACKET_SECRET', 'is required because L9_PACKET_AUTH=required');
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
    auth: { required: values.L9_PACKET_SECRET !== undefined, secret: values.L9_PACKET_SECRET },
    backends: { redisUrl: values.L9_REDIS_URL, postgresUrl: values.L9_POSTGRES_URL, neo4jUrl: values.L9_NEO4J_URL },
    rateLimit: { capacity: values.L9_RATE_LIMIT_BURST, refillPerSecond: values.L9_RATE_LIMIT_PER_SECOND },
    limits: { maxPacketBytes: values.L9_MAX_PACKET_BYTES },
    replay: { windowMs: values.L9_REPLAY_WINDOW_SECONDS * 1000, maxEntries: values.L9_REPLAY_CACHE_SIZE, maxBytes: values.L9_REPLAY_CACHE_BYTES },
    logLevel: values.L9_LOG_LEVEL,
    featureFlags,
  };
}
