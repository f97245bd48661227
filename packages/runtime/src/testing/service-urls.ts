/**
 * Where the real backends of the contract and fault tests live.
 *
 * CI sets `L9_REDIS_URL`, `L9_POSTGRES_URL` and `L9_REQUIRE_SERVICES=1`: a suite for a service whose URL is
 * missing then fails loudly instead of quietly not running. On a developer machine without the variable the
 * suite for that service is simply not registered (and says so once on stderr).
 */
export type ServiceName = 'redis' | 'postgres' | 'neo4j';

const ENV_VARS: Record<ServiceName, string> = {
  redis: 'L9_REDIS_URL',
  postgres: 'L9_POSTGRES_URL',
  neo4j: 'L9_NEO4J_URL',
};

/** Neo4j is optional even in CI: the machines have no Neo4j server. */
const ALWAYS_OPTIONAL: ReadonlySet<ServiceName> = new Set(['neo4j']);

export function serviceUrl(service: ServiceName): string | undefined {
  const variable = ENV_VARS[service];
  const url = process.env[variable];
  if (url) return url;
  if (process.env['L9_REQUIRE_SERVICES'] === '1' && !ALWAYS_OPTIONAL.has(service)) {
    throw new Error(`${variable} is not set but L9_REQUIRE_SERVICES=1 requires the ${service} tests to run`);
  }
  process.stderr.write(`[l9 tests] ${variable} not set: ${service} suites are not registered\n`);
  return undefined;
}
