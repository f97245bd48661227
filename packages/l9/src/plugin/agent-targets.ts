import type { TargetConfiguration } from '@nx/devkit';
import {
  AGENT_BUNDLE,
  AGENT_BUNDLE_DIR,
  AGENT_NODE_ARGUMENTS,
  BUNDLE_RECORD,
  HOST_BUNDLE,
} from '../deploy/agent-entry';
import { singleTask } from './integration-targets';
import type { TargetNames } from './plugin-options';

const META_INPUTS = '{workspaceRoot}/templates/meta/**/*';
const AGENT_INPUTS = ['{projectRoot}/**/*', '!{projectRoot}/.l9/**/*', '!{projectRoot}/coverage/**/*'];

/**
 * The schema files an agent was generated from, as `{workspaceRoot}/<path>` inputs. The generator writes
 * them into the agent's project.json (which Nx merges over what the plugin infers); the plugin gives an
 * empty default for a hand-made agent. Because every l9 target's inputs include them, Nx counts a change
 * to one of those files as touching the agent (`nx affected`) and keys the targets' caches on them.
 */
export const L9_SCHEMA_INPUT = 'l9-schema';

/** Where the agent's Jest config writes what `verify` reads: the test counts and the coverage summary. */
export const TEST_RESULTS_FILES = ['coverage/test-results.json', 'coverage/coverage-summary.json'] as const;

/** The agent's bundle (see deploy/agent-entry.ts), and the source map beside it. */
const BUNDLE_OUTPUT = `{projectRoot}/${AGENT_BUNDLE_DIR}`;

/**
 * The inputs every l9 target of an agent shares, declared once per project as a named input: the agent's
 * files (results excluded), the meta templates and the plugin itself. Keeps each project's inferred
 * configuration small, which matters at a thousand agents.
 */
export const L9_NAMED_INPUT = 'l9-agent';

export function agentNamedInputs(
  plugin: TargetConfiguration['inputs'] = [],
): Record<string, NonNullable<TargetConfiguration['inputs']>> {
  return {
    [L9_NAMED_INPUT]: [...AGENT_INPUTS, META_INPUTS, L9_SCHEMA_INPUT, ...(plugin ?? [])],
    [L9_SCHEMA_INPUT]: [],
  };
}

/**
 * Said outright on every target that is not continuous: for a target that leaves `continuous` out, Nx
 * resolves the executor and reads its schema while normalizing the project graph, once per target, which
 * at a thousand agents costs more than the plugin's own work.
 */
const FINITE = { continuous: false } as const;

/** Before validate or verify runs (outside CI), Nx brings the agents in line with their schema files: `l9:sync`. */
const SYNC_GENERATORS = ['l9:sync'];

/**
 * verify and the evidence targets run what they check (tests, the integration matrix) in a nested Nx run instead
 * of through dependsOn, so that a failure is reported instead of skipping them (see executors/verify/
 * run-nx-tasks.ts). `parallelism: false` makes Nx run nothing else beside one: the nested run may run the very
 * tasks the outer run would otherwise run at the same time (`-t test,verify`: Jest twice over one coverage folder).
 */
const RUNS_ITS_OWN_TASKS = { parallelism: false } as const;

/**
 * The targets every agent project gets, inferred from its `agent.yaml`. Pure: the same names give the
 * same configuration. Results land in `<project>/.l9/` so Nx can cache and restore them.
 */
export function agentTargets(
  names: TargetNames,
  bundled: { plugin?: TargetConfiguration['inputs']; workspacePackages?: readonly string[] } = {},
): Record<string, TargetConfiguration> {
  return {
    [names.validateTargetName]: {
      executor: 'l9:validate',
      ...FINITE,
      cache: true,
      syncGenerators: SYNC_GENERATORS,
      inputs: [L9_NAMED_INPUT],
      outputs: ['{projectRoot}/.l9/validate.json'],
      metadata: { description: 'Phases 1, 3: schema, links, planned files, markers, enforcement' },
    },
    [names.verifyTargetName]: {
      executor: 'l9:verify',
      ...FINITE,
      cache: true,
      syncGenerators: SYNC_GENERATORS,
      // The tests run once, in the test target (cached, its coverage/ restored from the cache), which verify runs
      // through Nx itself rather than dependsOn: Nx would skip verify when a test fails and exit 130 with no verdict.
      ...RUNS_ITS_OWN_TASKS,
      options: { testTarget: names.testTargetName },
      // What the test results it reads depend on: the agent's files and those of what it depends on.
      inputs: [L9_NAMED_INPUT, '^default'],
      outputs: ['{projectRoot}/.l9/verify.json'],
      metadata: {
        description: `Phases 4, 5: runs the ${names.testTargetName} target, then the gates over the counts it recorded (tests, coverage), code against schema; a failing test is a failed check`,
      },
    },
    [names.evidenceTargetName]: {
      executor: 'l9:evidence',
      ...FINITE,
      cache: true,
      // No dependsOn: Nx skips a task whose dependency failed and then exits 130 with nothing written. The
      // executor runs the test target through Nx itself and checks what validate and verify check, so a failure
      // is stated in the evidence. Alone (no other task beside it) since its nested run may run the same tasks.
      ...RUNS_ITS_OWN_TASKS,
      options: { testTarget: names.testTargetName },
      // What the test results it reads depend on, as for verify.
      inputs: [L9_NAMED_INPUT, '^default'],
      outputs: ['{projectRoot}/.l9/evidence.json'],
      metadata: {
        description: `Phase 6: runs the ${names.testTargetName} target, then digests, gate counts and every verdict of validate and verify; fails with the evidence written when a check failed`,
      },
    },
    [names.typecheckTargetName]: {
      executor: 'nx:run-commands',
      ...FINITE,
      cache: true,
      options: { command: 'tsc -p tsconfig.json --noEmit', cwd: '{projectRoot}' },
      inputs: [L9_NAMED_INPUT, '^default'],
      metadata: { description: 'tsc --noEmit' },
    },
    [names.bundleTargetName]: {
      executor: 'l9:bundle',
      ...FINITE,
      cache: true,
      // What esbuild reads: the agent's sources and the workspace packages it compiles in (installed ones stay
      // requires); the plugin, whose esbuild options and version make the bytes.
      inputs: [
        '{projectRoot}/src/**/*',
        '!{projectRoot}/src/**/*.spec.ts',
        ...(bundled.workspacePackages ?? []),
        ...(bundled.plugin ?? []),
      ],
      outputs: [BUNDLE_OUTPUT],
      metadata: {
        description: `Builds the agent into one JavaScript file (${AGENT_BUNDLE}) that deploy, integration, the image and serve:production start`,
      },
    },
    [names.serveTargetName]: {
      executor: 'nx:run-commands',
      continuous: true,
      options: { command: 'node -r @swc-node/register src/main.ts', cwd: '{projectRoot}' },
      configurations: { production: { command: ['node', ...AGENT_NODE_ARGUMENTS].join(' ') } },
      // Nx has no dependsOn per configuration; the bundle is cached, so plain serve pays for it once per change.
      dependsOn: [names.bundleTargetName],
      metadata: {
        description:
          'Runs the agent (embedded backends unless L9_*_URL are set); serve:production runs the built bundle',
      },
    },
  };
}

/** Targets of the ecosystem project (the folder holding `ecosystem.yaml` and `plan.lock.json`). */
export function ecosystemTargets(
  names: TargetNames,
  plugin: TargetConfiguration['inputs'] = [],
  integration: Record<string, TargetConfiguration> = singleTask(names, 'no locked plan was read.'),
): Record<string, TargetConfiguration> {
  const withPlugin = plugin ?? [];
  const memberBundles = `^${names.bundleTargetName}`;
  return {
    [names.evidenceTargetName]: {
      executor: 'l9:ecosystem-evidence',
      ...FINITE,
      cache: true,
      // No dependsOn (see the agent's evidence target): it runs the members' tests and the integration matrix
      // through Nx itself, then states every failure in the report and exits 1.
      ...RUNS_ITS_OWN_TASKS,
      options: { testTarget: names.testTargetName },
      // What the members' test results and the matrix depend on: every member's files (and theirs), the plugin,
      // and the backend services the matrix runs on.
      inputs: [
        '{projectRoot}/**/*',
        '!{projectRoot}/.l9/**/*',
        META_INPUTS,
        '^default',
        { env: 'L9_EVIDENCE_KEY' },
        { env: 'L9_REDIS_URL' },
        { env: 'L9_POSTGRES_URL' },
        ...withPlugin,
      ],
      outputs: ['{workspaceRoot}/dist/l9/{projectName}/evidence'],
      metadata: {
        description: `Phase 6: runs the members' ${names.testTargetName} targets and the integration matrix, then writes the signed ecosystem statement and the evidence report in the 10 sections of the L9 process, with its HTML view; fails with the report written when the ecosystem is not complete.`,
        technologies: ['l9'],
      },
    },
    // The host bundle: every member over one copy of the runtime, to run them in one process. Made from the plan
    // and the members' own sources, which each member's bundle record names with their digests: those records
    // are exactly what it is built from, without listing the members' files again.
    [names.bundleTargetName]: {
      executor: 'l9:bundle',
      ...FINITE,
      cache: true,
      dependsOn: [memberBundles],
      inputs: [
        '{projectRoot}/plan.lock.json',
        { dependentTasksOutputFiles: `**/${BUNDLE_RECORD}` },
        ...withPlugin,
      ],
      outputs: [BUNDLE_OUTPUT],
      metadata: {
        description: `Builds every member agent over one copy of the runtime into ${HOST_BUNDLE}, which deploy --host=one-process and the integration matrix's host option start`,
        technologies: ['l9'],
      },
    },
    // Finite targets, though deploy runs until stopped: Nx fails any continuous task that exits, even after an
    // orderly stop. `deploy:status` and `deploy:stop` are targets of their own (Nx matches the longest target
    // name), so they run from another terminal while the deployment does.
    deploy: {
      executor: 'l9:deploy',
      ...FINITE,
      cache: false,
      // The member agents' bundles (the ecosystem project depends on each member) and the host bundle that runs
      // them in one process (--host=one-process), built or restored by Nx first; both are cached.
      dependsOn: [memberBundles, names.bundleTargetName],
      metadata: {
        description:
          'Runs every agent as its own process (or all in one with --host=one-process) in wave order on this machine, waits for each /health, prints the status table; Ctrl-C or deploy:stop stops them all.',
        technologies: ['l9'],
      },
    },
    'deploy:status': {
      executor: 'l9:deploy',
      ...FINITE,
      cache: false,
      options: { status: true },
      metadata: {
        description:
          'Health of the running deployment; exit 0 when every agent answers or nothing is deployed, 1 when an agent is down.',
        technologies: ['l9'],
      },
    },
    'deploy:stop': {
      executor: 'l9:deploy',
      ...FINITE,
      cache: false,
      options: { stop: true },
      metadata: {
        description: 'Stops the running deployment; exit 0 once it has stopped (or nothing was running).',
        technologies: ['l9'],
      },
    },
    // One task, or one per pair of agents and an aggregate: see integration-targets.ts.
    ...integration,
    'verify-evidence': {
      executor: 'l9:verify-evidence',
      ...FINITE,
      cache: false,
      metadata: {
        description:
          'Checks the evidence signature and the digest of every file it names; names any file that changed.',
        technologies: ['l9'],
      },
    },
  };
}
