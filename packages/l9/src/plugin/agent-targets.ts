import type { TargetConfiguration } from '@nx/devkit';
import type { TargetNames } from './plugin-options';

const META_INPUTS = '{workspaceRoot}/templates/meta/**/*';
const AGENT_INPUTS = ['{projectRoot}/**/*', '!{projectRoot}/.l9/**/*', '!{projectRoot}/coverage/**/*'];

/**
 * The inputs every l9 target of an agent shares, declared once per project as a named input: the agent's
 * files (results excluded), the meta templates and the plugin itself. Keeps each project's inferred
 * configuration small, which matters at a thousand agents.
 */
export const L9_NAMED_INPUT = 'l9-agent';

export function agentNamedInputs(plugin: TargetConfiguration['inputs'] = []): Record<string, NonNullable<TargetConfiguration['inputs']>> {
  return { [L9_NAMED_INPUT]: [...AGENT_INPUTS, META_INPUTS, ...(plugin ?? [])] };
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
 * The targets every agent project gets, inferred from its `agent.yaml`. Pure: the same names give the
 * same configuration. Results land in `<project>/.l9/` so Nx can cache and restore them.
 */
export function agentTargets(names: TargetNames): Record<string, TargetConfiguration> {
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
      dependsOn: [`^${names.verifyTargetName}`],
      inputs: [L9_NAMED_INPUT, '^default'],
      outputs: ['{projectRoot}/.l9/verify.json', '{projectRoot}/coverage'],
      metadata: { description: 'Phases 4, 5: tests and coverage gates, code against schema' },
    },
    [names.evidenceTargetName]: {
      executor: 'l9:evidence',
      ...FINITE,
      cache: true,
      dependsOn: [names.validateTargetName, names.verifyTargetName],
      inputs: [L9_NAMED_INPUT],
      outputs: ['{projectRoot}/.l9/evidence.json'],
      metadata: { description: 'Phase 6: digests, gate counts, verdicts' },
    },
    [names.typecheckTargetName]: {
      executor: 'nx:run-commands',
      ...FINITE,
      cache: true,
      options: { command: 'tsc -p tsconfig.json --noEmit', cwd: '{projectRoot}' },
      inputs: [L9_NAMED_INPUT, '^default'],
      metadata: { description: 'tsc --noEmit' },
    },
    [names.serveTargetName]: {
      executor: 'nx:run-commands',
      continuous: true,
      options: { command: 'node -r @swc-node/register src/main.ts', cwd: '{projectRoot}' },
      metadata: { description: 'Runs the agent (embedded backends unless L9_*_URL are set)' },
    },
  };
}

/** Targets of the ecosystem project (the folder holding `ecosystem.yaml` and `plan.lock.json`). */
export function ecosystemTargets(names: TargetNames, plugin: TargetConfiguration['inputs'] = []): Record<string, TargetConfiguration> {
  const withPlugin = plugin ?? [];
  return {
    [names.evidenceTargetName]: {
      executor: 'l9:ecosystem-evidence',
      ...FINITE,
      cache: true,
      // The integration gate counts the matrix run, so the aggregate runs it first and keys its cache on its result.
      dependsOn: [`^${names.evidenceTargetName}`, 'integration'],
      inputs: ['{projectRoot}/**/*', '!{projectRoot}/.l9/**/*', META_INPUTS, '^default', { env: 'L9_EVIDENCE_KEY' }, { dependentTasksOutputFiles: '**/integration.json' }, ...withPlugin],
      outputs: ['{workspaceRoot}/dist/l9/{projectName}/evidence'],
      metadata: { description: 'Phase 6: the signed ecosystem statement and the evidence report in the 10 sections of the L9 process, with its HTML view.', technologies: ['l9'] },
    },
    deploy: {
      executor: 'l9:deploy',
      continuous: true,
      // Separate task ids, so they run while the deployment itself is running: `deploy:status`, `deploy:stop`.
      configurations: { status: { status: true }, stop: { stop: true } },
      metadata: { description: 'Runs every agent as its own process in wave order on this machine, waits for each /health, prints the status table; Ctrl-C or --stop stops them all.', technologies: ['l9'] },
    },
    integration: {
      executor: 'l9:integration',
      ...FINITE,
      // Not cached: the result depends on the runtime the agents load and on the services behind the URLs,
      // neither of which inputs can name exactly.
      cache: false,
      outputs: ['{projectRoot}/.l9/integration.json', '{projectRoot}/.l9/integration-embedded.json', '{projectRoot}/.l9/integration-redis-postgres.json'],
      metadata: { description: 'Integration matrix: every ordered pair of agents over REST, the event stream (Redis) and a governance-flagged packet, on embedded backends and on Redis + PostgreSQL when L9_REDIS_URL and L9_POSTGRES_URL are set; feeds the integration gate.', technologies: ['l9'] },
    },
    'verify-evidence': {
      executor: 'l9:verify-evidence',
      ...FINITE,
      cache: false,
      metadata: { description: 'Checks the evidence signature and the digest of every file it names; names any file that changed.', technologies: ['l9'] },
    },
  };
}
