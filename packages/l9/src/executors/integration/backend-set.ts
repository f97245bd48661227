import { randomBytes } from 'node:crypto';

/** Where the agents of one matrix run keep their state. */
export type BackendSet = 'embedded' | 'redis+postgres';

export type BackendChoice = 'auto' | BackendSet | 'both';

/** Names this run's own PostgreSQL schemas and Redis stream keys, so concurrent runs never share state. */
export interface RunIsolation {
  /** `L9_PG_SCHEMA_PREFIX`: schemas `<prefix>_memory`, `_audit`, `_governance`. */
  pgSchemaPrefix: string;
  /** `L9_STREAM_PREFIX`: every stream key of the run starts with it. */
  streamPrefix: string;
}

/** Every variable that selects a backend or a persisted store: cleared, then set for the chosen set only. */
const BACKEND_VARIABLES = [
  'L9_REDIS_URL',
  'L9_POSTGRES_URL',
  'L9_NEO4J_URL',
  'L9_AUDIT_FILE',
  'L9_PG_SCHEMA_PREFIX',
  'L9_STREAM_PREFIX',
  'L9_PORT',
  'L9_AUDIT_SIGNING_KEY_FILE',
];

export class IntegrationConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntegrationConfigError';
  }
}

/** The backend sets to run: `auto` is embedded, plus Redis + PostgreSQL when both URLs are set. */
export function backendSets(choice: BackendChoice, env: NodeJS.ProcessEnv): BackendSet[] {
  const services = Boolean(env['L9_REDIS_URL'] && env['L9_POSTGRES_URL']);
  if ((choice === 'redis+postgres' || choice === 'both') && !services) {
    throw new IntegrationConfigError(
      `backends '${choice}' needs L9_REDIS_URL and L9_POSTGRES_URL in the environment`,
    );
  }
  if (choice === 'embedded' || choice === 'redis+postgres') return [choice];
  return services ? ['embedded', 'redis+postgres'] : ['embedded'];
}

export function newRunIsolation(random: () => string = () => randomBytes(4).toString('hex')): RunIsolation {
  const id = random();
  return { pgSchemaPrefix: `l9it_${id}`, streamPrefix: `l9it:${id}:stream:` };
}

/**
 * The environment every agent of a run shares: the caller's without any backend selection, then the set's
 * backends with this run's isolation, the run's secrets (see run-secrets.ts: one packet secret so envelopes
 * verify across agents, and the audit keys), inspection on (the matrix reads records and makes agents send
 * through it), and quiet logs.
 */
export function backendEnvironment(
  set: BackendSet,
  base: NodeJS.ProcessEnv,
  secrets: Record<string, string>,
  isolation: RunIsolation,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of BACKEND_VARIABLES) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith('L9_PEER_')) delete env[name];
  Object.assign(env, {
    ...secrets,
    L9_ENABLE_INSPECTION: 'true',
    L9_LOG_LEVEL: base['L9_INTEGRATION_LOG_LEVEL'] ?? 'warn',
  });
  if (set === 'redis+postgres') {
    Object.assign(env, {
      L9_REDIS_URL: base['L9_REDIS_URL'],
      L9_POSTGRES_URL: base['L9_POSTGRES_URL'],
      L9_PG_SCHEMA_PREFIX: isolation.pgSchemaPrefix,
      L9_STREAM_PREFIX: isolation.streamPrefix,
    });
  }
  return env;
}
