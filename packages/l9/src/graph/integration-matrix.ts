/** One directed integration test: `source` sends to `target`. */
export interface IntegrationPair {
  source: string;
  target: string;
}

/** Every ordered pair of distinct agents, N·(N−1), in the given (topological) order of sources then targets. */
export function integrationMatrix(order: readonly string[]): IntegrationPair[] {
  const pairs: IntegrationPair[] = [];
  for (const source of order) {
    for (const target of order) {
      if (source !== target) pairs.push({ source, target });
    }
  }
  return pairs;
}
