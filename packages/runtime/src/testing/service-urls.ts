import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

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

/** Programs fault tests start privately, so they can crash and restart them without touching shared servers. */
export type ServiceProgram = 'redis-server';

/**
 * Absolute path of `program` on PATH, for fault tests that run a private server of their own. Missing under
 * `L9_REQUIRE_SERVICES=1` is a failure (the fault suite would otherwise not run and pass silently); elsewhere
 * the suite is not registered and says so once on stderr, like `serviceUrl`.
 */
export function serviceProgram(program: ServiceProgram): string | undefined {
  const found = findOnPath(program);
  if (found) return found;
  if (process.env['L9_REQUIRE_SERVICES'] === '1') {
    throw new Error(
      `${program} is not on PATH but L9_REQUIRE_SERVICES=1 requires the fault tests that start a private ${program} to run`,
    );
  }
  process.stderr.write(
    `[l9 tests] ${program} not on PATH: fault suites that start a private ${program} are not registered\n`,
  );
  return undefined;
}

function findOnPath(program: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory (or not executable): keep looking.
    }
  }
  return undefined;
}
