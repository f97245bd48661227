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
  z.string().trim().refine((value) => {
    try {
      return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
    } catch {
      return false;
    }
  }, `must be a URL with scheme ${schemes.join(' or ')}`);

/**
 * The environment variables the runtime reads, with their embedded defaults. Keys are the variable names so a
 * validation error names exactly the variable to fix. Empty values count as unset (compose files write `X=`).
 */
export const RuntimeEnvSchema = z.object({
  L9_PORT: integer(0, 65535).default(8000),
  L9_HOST: z.string().trim().min(1).default('127.0.0.1'),
  L9_PACKET_SECRET: z.string().min(16, 'must be at least 16 characters (it keys HMAC-SHA256 signatures)').optional(),
  L9_PACKET_AUTH: z.enum(['auto', 'required'], { message: 'must be "auto" (on when L9_PACKET_SECRET is set) or "required"' }).default('auto'),
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
});

export type RuntimeEnv = z.infer<typeof RuntimeEnvSchema>;
