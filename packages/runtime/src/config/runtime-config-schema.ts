import * as z from 'zod';

export const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const positiveNumber = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, 'must be a positive number')
  .transform(Number)
  .pipe(z.number().positive('must be a positive number'));

const urlWithScheme = (schemes: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      `must be a URL with scheme ${schemes.join(' or ')}`,
    );

/**
 * The environment variables the runtime reads, with their embedded defaults. Keys are the variable names so a
 * validation error names exactly the variable to fix. Empty values count as unset (compose files write `X=`).
 */
export const RuntimeEnvSchema = z.object({
  L9_PORT: integer(0, 65535).default(8000),
  L9_HOST: z.string().trim().min(1).default('127.0.0.1'),
  // Where clients reach the agent (its A2A Agent Card names its interface there); else the address it listens on.
  L9_PUBLIC_URL: urlWithScheme(['http', 'https']).optional(),
  L9_PACKET_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters (it keys HMAC-SHA256 signatures)')
    .optional(),
  L9_PACKET_AUTH: z
    .enum(['auto', 'required'], { message: 'must be "auto" (on when L9_PACKET_SECRET is set) or "required"' })
    .default('auto'),
  L9_REDIS_URL: urlWithScheme(['redis', 'rediss']).optional(),
  L9_POSTGRES_URL: urlWithScheme(['postgres', 'postgresql']).optional(),
  L9_NEO4J_URL: urlWithScheme(['neo4j', 'neo4j+s', 'neo4j+ssc', 'bolt', 'bolt+s', 'bolt+ssc']).optional(),
  L9_RATE_LIMIT_BURST: integer(1, 1_000_000_000).default(200),
  L9_RATE_LIMIT_PER_SECOND: positiveNumber.default(100),
  L9_MAX_PACKET_BYTES: integer(1024, 64 * 1024 * 1024).default(256 * 1024),
  L9_REPLAY_WINDOW_SECONDS: integer(1, 7 * 24 * 3600).default(300),
  L9_REPLAY_CACHE_SIZE: integer(1, 10_000_000).default(100_000),
  L9_REPLAY_CACHE_BYTES: integer(64 * 1024, 64 * 1024 * 1024 * 1024).default(16 * 1024 * 1024),
  L9_LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('silent'),
  // Governance notifications: a webhook is always signed, so its URL needs its secret (checked in loadRuntimeConfig).
  L9_GOVERNANCE_WEBHOOK_URL: urlWithScheme(['http', 'https']).optional(),
  L9_GOVERNANCE_WEBHOOK_SECRET: z
    .string()
    .min(
      32,
      'must be at least 32 characters (it keys the HMAC-SHA256 of L9-Signature); make one with `openssl rand -hex 32`',
    )
    .optional(),
  L9_NOTIFY_TIMEOUT_MS: integer(100, 600_000).default(5_000),
  L9_NOTIFY_RETRIES: integer(0, 20).default(3),
  // HTTP server bounds: no client holds a connection or a request open for longer than these.
  L9_HTTP_HEADERS_TIMEOUT_MS: integer(100, 600_000).default(10_000),
  L9_HTTP_REQUEST_TIMEOUT_MS: integer(100, 3_600_000).default(30_000),
  L9_HTTP_IDLE_TIMEOUT_MS: integer(100, 3_600_000).default(120_000),
  L9_HTTP_KEEP_ALIVE_TIMEOUT_MS: integer(100, 600_000).default(5_000),
  L9_HTTP_MAX_CONNECTIONS: integer(1, 1_000_000).default(1_024),
  L9_HTTP_MAX_REQUESTS_PER_SOCKET: integer(0, 1_000_000_000).default(1_000),
  // Finished A2A tasks an agent without PostgreSQL keeps in memory, and for how long (a2a/a2a-task-budget.ts).
  L9_A2A_TASKS_MAX: integer(1, 10_000_000).default(1_000),
  L9_A2A_TASKS_MAX_AGE_SECONDS: integer(1, 365 * 24 * 3600).default(3_600),
  // Episodes and hyperedges the in-process episodic log and causal hypergraph each keep (memory/in-process-budget.ts).
  L9_MEMORY_MAX_RECORDS: integer(1, 100_000_000).default(10_000),
  // Entries each topic of the in-process event stream keeps, the oldest trimmed first (stream/in-process-topic.ts).
  L9_STREAM_MAX_ENTRIES: integer(1, 100_000_000).default(10_000),
});

export type RuntimeEnv = z.infer<typeof RuntimeEnvSchema>;
