import { posix } from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';
import { AGENT_BUNDLE_DIR } from '../deploy/agent-entry';
import { memberPairs, PAIR_RESULTS_DIR, pairResultFile, pairTargetName } from './integration-pair-names';
import { bundledWorkspaceInputs, listedInPackageJson } from './plugin-inputs';
import type { TargetNames } from './plugin-options';

/**
 * The matrix is split into pair tasks by default up to this many agents (`integrationPairsUpTo` in nx.json; 0
 * keeps the one task always). Nx runs the pair tasks it does not restore as one batch that starts each agent once
 * (see executors/integration/pair-batch.ts), so the split run costs about what the one task does, and after a
 * change to one agent it checks that agent's pairs only (bench:matrix, 20 agents, load 9–13 on 2 cores, two
 * rounds: full run split 139–148 s, one task 141–159 s; after one agent's change split 45–47 s, one task 86–88 s).
 * Before the batch, each pair task started its own two agents and the split was slower than the one task even
 * after one change.
 * The bound: pair targets grow as N·(N−1)/2 — 435 at 30 agents, 1,225 at 50, 499,500 at the graph bench's 1,000
 * (the project graph alone would take minutes) — so beyond it an ecosystem keeps the one task.
 */
export const DEFAULT_INTEGRATION_PAIRS_UP_TO = 30;

const FINITE = { continuous: false } as const;
const PLAN_INPUT = '{projectRoot}/plan.lock.json';
const SINGLE_OUTPUTS = [
  '{projectRoot}/.l9/integration.json',
  '{projectRoot}/.l9/integration-embedded.json',
  '{projectRoot}/.l9/integration-redis-postgres.json',
];
const DESCRIPTION =
  'Integration matrix: every ordered pair of agents over REST, the event stream (Redis), a governance-flagged packet and A2A, on embedded backends and on Redis + PostgreSQL when L9_REDIS_URL and L9_POSTGRES_URL are set; feeds the integration gate.';

/**
 * What the matrix of one ecosystem is made of: its members' project ids in plan order and the folder holding
 * their projects (the ecosystem project's parent, from the workspace root), or why they are not known.
 */
export type MatrixMembers = { ids: readonly string[]; agentsDir: string } | { unknown: string };

export interface IntegrationTargetSettings {
  names: TargetNames;
  /** The plugin's own code (see plugin-inputs.ts): the checks a pair runs. */
  plugin: NonNullable<TargetConfiguration['inputs']>;
  /** The runtime the agents load when their bundles leave it to node_modules (see integrationRuntimeInputs). */
  runtime: NonNullable<TargetConfiguration['inputs']>;
  pairsUpTo: number;
}

/** The `integrationPairsUpTo` plugin option, checked: a whole number of agents, 0 to keep the one task always. */
export function integrationPairsUpTo(value: unknown): number {
  if (value === undefined) return DEFAULT_INTEGRATION_PAIRS_UP_TO;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(
      `nx.json: the l9 plugin's integrationPairsUpTo must be a whole number of agents (0 or more), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** The matrix as one uncached task that starts every agent at once; `why` says why it is not split into pairs. */
export function singleTask(names: TargetNames, why: string): Record<string, TargetConfiguration> {
  return {
    integration: {
      executor: 'l9:integration',
      ...FINITE,
      // Not cached: it would have to key on every agent's bundle, so a change to any agent reruns all of it anyway.
      cache: false,
      dependsOn: [`^${names.bundleTargetName}`],
      outputs: SINGLE_OUTPUTS,
      metadata: { description: `${DESCRIPTION} One task: ${why}`, technologies: ['l9'] },
    },
  };
}

/**
 * A pair's result depends on exactly: the two agents' bundles (what their tasks output, so only a rebuilt
 * bundle, not a restored one, changes it), the runtime they load when it is not bundled, the locked plan
 * (names, route prefixes), the backend services the run uses, how the agents are hosted, and the plugin's checks.
 * It waits for every member's bundle all the same: Nx batches the pair tasks that are ready when it schedules
 * (see pair-batch.ts), so pairs that became ready one bundle at a time would be many batches, each starting its
 * agents again; waiting for all makes them one batch that starts each agent once. The other bundles are not
 * inputs, so a change to one agent still reruns only its pairs.
 */
function pairTarget(
  first: string,
  second: string,
  agentsDir: string,
  settings: IntegrationTargetSettings,
): TargetConfiguration {
  const bundleOf = (id: string) => ({
    dependentTasksOutputFiles: posix.join(agentsDir, id, AGENT_BUNDLE_DIR, '**', '*'),
  });
  return {
    executor: 'l9:integration-pair',
    ...FINITE,
    cache: true,
    options: { agents: [first, second] },
    dependsOn: [`^${settings.names.bundleTargetName}`],
    // L9_AGENT_HOST: the two agents in their own processes or in one (the host bundle, which is not a dependency
    // here: it is made from every member, so depending on it would rerun every pair after any change).
    inputs: [
      PLAN_INPUT,
      bundleOf(first),
      bundleOf(second),
      { env: 'L9_REDIS_URL' },
      { env: 'L9_POSTGRES_URL' },
      { env: 'L9_AGENT_HOST' },
      ...settings.runtime,
      ...settings.plugin,
    ],
    outputs: [`{projectRoot}/${pairResultFile(first, second)}`],
    metadata: {
      description: `Integration pair ${first} ⇄ ${second}: checks both directions on each backend set, batched with the other pairs that run (each agent started once); cached on these two agents' bundles only.`,
      technologies: ['l9'],
    },
  };
}

/**
 * The `integration` target of an ecosystem project. Up to `pairsUpTo` agents: one cacheable task per
 * unordered pair (both directions, see integration-pair-names.ts), so after a change to one agent of N only its N−1 pairs
 * run again, and an aggregate `integration` that merges their results into `.l9/integration.json` and fails
 * when any pair failed. Beyond that, or without a readable plan, the one task, whose metadata says why.
 */
export function integrationTargets(
  members: MatrixMembers,
  settings: IntegrationTargetSettings,
): Record<string, TargetConfiguration> {
  if ('unknown' in members) return singleTask(settings.names, members.unknown);
  const count = members.ids.length;
  if (settings.pairsUpTo === 0) {
    return singleTask(
      settings.names,
      `the l9 plugin's integrationPairsUpTo option is 0 in nx.json; a number of agents there splits the matrix into cacheable pair tasks for ecosystems up to that many agents.`,
    );
  }
  if (count > settings.pairsUpTo) {
    return singleTask(
      settings.names,
      `${count} agents would make ${(count * (count - 1)) / 2} pair targets; the matrix is split into pair tasks up to ${settings.pairsUpTo} agents (the l9 plugin's integrationPairsUpTo option in nx.json).`,
    );
  }
  const targets: Record<string, TargetConfiguration> = {};
  for (const [first, second] of memberPairs(members.ids))
    targets[pairTargetName(first, second)] = pairTarget(first, second, members.agentsDir, settings);
  targets['integration'] = {
    executor: 'l9:integration-merge',
    ...FINITE,
    cache: true,
    dependsOn: Object.keys(targets),
    inputs: [PLAN_INPUT, { dependentTasksOutputFiles: `**/${PAIR_RESULTS_DIR}/*.json` }, ...settings.plugin],
    outputs: SINGLE_OUTPUTS,
    metadata: {
      description: `${DESCRIPTION} Merges the ${Object.keys(targets).length} pair tasks (integration--<a>--<b>), each cached on its two agents' bundles.`,
      technologies: ['l9'],
    },
  };
  return targets;
}

/**
 * What a pair's result depends on from the runtime: nothing beyond the bundles when `@l9/runtime` is a
 * package of this workspace (compiled into them); otherwise the installed version, as Nx's external
 * dependency when package.json lists it, or read at hashing time.
 */
export function integrationRuntimeInputs(workspaceRoot: string): NonNullable<TargetConfiguration['inputs']> {
  if (bundledWorkspaceInputs(workspaceRoot).length > 0) return [];
  if (listedInPackageJson(workspaceRoot, RUNTIME_PACKAGE))
    return [{ externalDependencies: [RUNTIME_PACKAGE] }];
  return [
    {
      runtime: `node -p "try { require('${RUNTIME_PACKAGE}/package.json').version } catch { 'not installed' }"`,
    },
  ];
}

const RUNTIME_PACKAGE = '@l9/runtime';
