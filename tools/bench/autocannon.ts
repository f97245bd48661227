/**
 * autocannon, the HTTP load generator both load-generator processes drive. It ships no type declarations; this is
 * the part of its API the benches use.
 */
export interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- no type declarations to import it with
export const autocannon: Autocannon = require('autocannon');
