/**
 * How the atomized integration matrix names its pieces: the plugin declares the pair targets and their outputs
 * with these names and the integration executors write there. It imports nothing, as the graph code must stay light.
 *
 * A pair is unordered and runs both directions (A → B and B → A) in one task: half the tasks ordered pairs would
 * make (the graph grows as N·(N−1)/2), and a change to one agent of N still reruns exactly the N−1 pairs that
 * involve it. Nx runs the pair tasks as one batch that starts each agent once; a pair task run alone
 * (`--batch=false`) starts its two agents once for both directions.
 */

/** Every unordered pair of the members, each once, in plan order: [first, second] with first before second. */
export function memberPairs(ids: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < ids.length; i += 1)
    for (let j = i + 1; j < ids.length; j += 1) pairs.push([ids[i]!, ids[j]!]);
  return pairs;
}

/** `a--b`: names the pair's target and its result file; agent ids are lower-case words joined by single hyphens. */
export const pairKey = (first: string, second: string): string => `${first}--${second}`;

/** The Nx target of one pair, beside the aggregate `integration` target it feeds (Nx's own atomized targets read `<target>--<part>`). */
export const pairTargetName = (first: string, second: string): string =>
  `integration--${pairKey(first, second)}`;

/** Where a pair task writes its result, from the ecosystem project's root; the aggregate reads it from there. */
export const PAIR_RESULTS_DIR = '.l9/integration/pairs';

export const pairResultFile = (first: string, second: string): string =>
  `${PAIR_RESULTS_DIR}/${pairKey(first, second)}.json`;

/** Where the agents a pair task run alone starts write their logs: one folder per pair, as such tasks run in parallel. */
export const pairLogDir = (first: string, second: string): string =>
  `.l9/integration/logs/${pairKey(first, second)}`;
