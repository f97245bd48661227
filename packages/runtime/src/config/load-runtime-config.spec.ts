import { ConfigError } from './config-error';
import { loadRuntimeConfig } from './load-runtime-config';

const SECRET = 'sixteen-chars-secret';
const WEBHOOK_SECRET = 'a-webhook-secret-of-32-characters';

describe('loadRuntimeConfig', () => {
  it('runs everything in-process with auth off when nothing is set', () => {
    expect(loadRuntimeConfig({})).toEqual({
      port: 8000,
      host: '127.0.0.1',
      auth: { required: false, secret: undefined },
      backends: { redisUrl: undefined, postgresUrl: undefined, neo4jUrl: undefined },
      rateLimit: { capacity: 200, refillPerSecond: 100 },
      limits: { maxPacketBytes: 262144 },
      replay: { windowMs: 300_000, maxEntries: 100_000, maxBytes: 16 * 1024 * 1024 },
      logLevel: 'silent',
      featureFlags: {},
      notifications: { webhookUrl: undefined, webhookSecret: undefined, timeoutMs: 5_000, retries: 3 },
      http: {
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        idleTimeoutMs: 120_000,
        keepAliveTimeoutMs: 5_000,
        maxConnections: 1_024,
        maxRequestsPerSocket: 1_000,
      },
      a2aTasks: { maxFinished: 1_000, maxAgeMs: 3_600_000 },
      inProcessMemory: { maxRecords: 10_000 },
      inProcessStream: { maxEntries: 10_000 },
    });
  });

  it('reads every variable', () => {
    const config = loadRuntimeConfig({
      L9_PORT: '8001',
      L9_HOST: '0.0.0.0',
      L9_PACKET_SECRET: SECRET,
      L9_REDIS_URL: 'redis://127.0.0.1:6379',
      L9_POSTGRES_URL: 'postgres://postgres@127.0.0.1:5432/test',
      L9_NEO4J_URL: 'bolt://localhost:7687',
      L9_RATE_LIMIT_BURST: '10',
      L9_RATE_LIMIT_PER_SECOND: '2.5',
      L9_MAX_PACKET_BYTES: '4096',
      L9_REPLAY_WINDOW_SECONDS: '60',
      L9_REPLAY_CACHE_SIZE: '50',
      L9_REPLAY_CACHE_BYTES: '1048576',
      L9_LOG_LEVEL: 'info',
      L9_ENABLE_CODEGEN_STRICT_MODE: '1',
      L9_GOVERNANCE_WEBHOOK_URL: 'https://hooks.example.org/l9',
      L9_GOVERNANCE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      L9_NOTIFY_TIMEOUT_MS: '2000',
      L9_NOTIFY_RETRIES: '5',
      L9_HTTP_HEADERS_TIMEOUT_MS: '2000',
      L9_HTTP_REQUEST_TIMEOUT_MS: '4000',
      L9_HTTP_IDLE_TIMEOUT_MS: '60000',
      L9_HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
      L9_HTTP_MAX_CONNECTIONS: '64',
      L9_HTTP_MAX_REQUESTS_PER_SOCKET: '0',
      L9_A2A_TASKS_MAX: '50',
      L9_A2A_TASKS_MAX_AGE_SECONDS: '120',
      L9_MEMORY_MAX_RECORDS: '500',
      L9_STREAM_MAX_ENTRIES: '700',
    });
    expect(config).toEqual({
      port: 8001,
      host: '0.0.0.0',
      auth: { required: true, secret: SECRET },
      backends: {
        redisUrl: 'redis://127.0.0.1:6379',
        postgresUrl: 'postgres://postgres@127.0.0.1:5432/test',
        neo4jUrl: 'bolt://localhost:7687',
      },
      rateLimit: { capacity: 10, refillPerSecond: 2.5 },
      limits: { maxPacketBytes: 4096 },
      replay: { windowMs: 60_000, maxEntries: 50, maxBytes: 1_048_576 },
      logLevel: 'info',
      featureFlags: { CODEGEN_STRICT_MODE: true },
      notifications: {
        webhookUrl: 'https://hooks.example.org/l9',
        webhookSecret: WEBHOOK_SECRET,
        timeoutMs: 2000,
        retries: 5,
      },
      http: {
        headersTimeoutMs: 2000,
        requestTimeoutMs: 4000,
        idleTimeoutMs: 60_000,
        keepAliveTimeoutMs: 1000,
        maxConnections: 64,
        maxRequestsPerSocket: 0,
      },
      a2aTasks: { maxFinished: 50, maxAgeMs: 120_000 },
      inProcessMemory: { maxRecords: 500 },
      inProcessStream: { maxEntries: 700 },
    });
  });

  it('treats empty values as unset', () => {
    expect(loadRuntimeConfig({ L9_REDIS_URL: '', L9_PORT: '' }).backends.redisUrl).toBeUndefined();
  });

  it('refuses a governance webhook without its signing secret, and a short secret', () => {
    expect(() => loadRuntimeConfig({ L9_GOVERNANCE_WEBHOOK_URL: 'https://hooks.example.org/l9' })).toThrow(
      new ConfigError(
        'L9_GOVERNANCE_WEBHOOK_SECRET',
        'is required because L9_GOVERNANCE_WEBHOOK_URL is set: webhooks are signed so the receiver can trust them; make one with `openssl rand -hex 32`',
      ),
    );
    expect(() =>
      loadRuntimeConfig({
        L9_GOVERNANCE_WEBHOOK_URL: 'https://hooks.example.org/l9',
        L9_GOVERNANCE_WEBHOOK_SECRET: 'short',
      }),
    ).toThrow(/^L9_GOVERNANCE_WEBHOOK_SECRET: must be at least 32 characters/);
  });

  it('refuses a header timeout longer than the request timeout', () => {
    expect(() =>
      loadRuntimeConfig({ L9_HTTP_HEADERS_TIMEOUT_MS: '5000', L9_HTTP_REQUEST_TIMEOUT_MS: '1000' }),
    ).toThrow(
      new ConfigError('L9_HTTP_HEADERS_TIMEOUT_MS', 'must not exceed L9_HTTP_REQUEST_TIMEOUT_MS (1000)'),
    );
  });

  it('requires the secret when auth is explicitly required', () => {
    expect(() => loadRuntimeConfig({ L9_PACKET_AUTH: 'required' })).toThrow(
      new ConfigError('L9_PACKET_SECRET', 'is required because L9_PACKET_AUTH=required'),
    );
    expect(loadRuntimeConfig({ L9_PACKET_AUTH: 'required', L9_PACKET_SECRET: SECRET }).auth.required).toBe(
      true,
    );
  });

  it.each([
    ['L9_PORT', 'eighty', 'must be a whole number'],
    ['L9_PORT', '70000', 'must be at most 65535'],
    ['L9_PACKET_SECRET', 'short', 'at least 16 characters'],
    ['L9_PACKET_AUTH', 'maybe', 'must be "auto"'],
    ['L9_REDIS_URL', 'http://x', 'scheme redis or rediss'],
    ['L9_POSTGRES_URL', 'not a url', 'scheme postgres or postgresql'],
    ['L9_RATE_LIMIT_PER_SECOND', '-1', 'positive number'],
    ['L9_MAX_PACKET_BYTES', '10', 'at least 1024'],
    ['L9_LOG_LEVEL', 'loud', 'must be one of silent'],
    ['L9_ENABLE_FAST_PATH', 'yes', 'is not a boolean'],
  ])('names %s when it is %j', (variable, value, reason) => {
    let thrown: unknown;
    try {
      loadRuntimeConfig({ [variable]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe(variable);
    expect((thrown as ConfigError).message).toContain(reason);
  });
});
