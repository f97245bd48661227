import type { TargetConfiguration } from '@nx/devkit';
import type { TargetNames } from './plugin-options';

const META_INPUTS = '{workspaceRoot}/templates/meta/**/*';
const AGENT_INPUTS = ['{projectRoot}/**/*', '!{projectRoot}/.l9/**/*', '!{projectRoot}/coverage/**/*'];

/**
 * The targets every agent project gets, inferred from its `agent.yaml`. Pure: the same names give the
 * same configuration. Results land in `<project>/.l9/` so Nx can cache and restore them.
 */
export function agentTargets(names: TargetNames, plugin: TargetConfiguration['inputs'] = []): Record<string, TargetConfiguration> {
  const withPlugin = plugin ?? [];
  return {
    [names.validateTargetName]: {
      executor: 'l9:validate',
      cache: true,
      inputs: [...AGENT_INPUTS, META_INPUTS, ...withPlugin],
      outputs: ['{projectRoot}/.l9/validate.json'],
      metadata: { description: 'Phases 1 and 3: schema re-check, links and dependencies, every planned file present, no TODO or placeholder, enforcement wired.', technologies: ['l9'] },
    },
    [names.verifyTargetName]: {
      executor: 'l9:verify',
      cache: true,
      dependsOn: [`^${names.verifyTargetName}`],
      inputs: [...AGENT_INPUTS, META_INPUTS, '^default', ...withPlugin],
      outputs: ['{projectRoot}/.l9/verify.json', '{projectRoot}/coverage'],
      metadata: { description: "Phases 4 and 5: the agent's tests with coverage against the gates, and recursive verification of code against schema.", technologies: ['l9'] },
    },
    [names.evidenceTargetName]: {
      executor: 'l9:evidence',
      cache: true,
      dependsOn: [names.validateTargetName, names.verifyTargetName],
      inputs: [...AGENT_INPUTS, META_INPUTS, ...withPlugin],
      outputs: ['{projectRoot}/.l9/evidence.json'],
      metadata: { description: 'Phase 6: the agent evidence file (digests of every generated file, gate counts, verdicts).', technologies: ['l9'] },
    },
    [names.typecheckTargetName]: {
      executor: 'nx:run-commands',
      cache: true,
      options: { command: 'tsc -p tsconfig.json --noEmit', cwd: '{projectRoot}' },
      inputs: [...AGENT_INPUTS, '^default'],
      outputs: [],
      metadata: { description: 'Type-checks the agent under tsc --noEmit.', technologies: ['typescript'] },
    },
    [names.serveTargetName]: {
      executor: 'nx:run-commands',
      continuous: true,
      options: { command: 'node -r @swc-node/register src/main.ts', cwd: '{projectRoot}' },
      metadata: { description: 'Runs the agent (embedded backends unless L9_REDIS_URL / L9_POSTGRES_URL / L9_NEO4J_URL are set).', technologies: ['l9'] },
    },
  };
}

/** Targets of the ecosystem project (the folder holding `ecosystem.yaml` and `plan.lock.json`). */
export function ecosystemTargets(names: TargetNames, plugin: TargetConfiguration['inputs'] = []): Record<string, TargetConfiguration> {
  const withPlugin = plugin ?? [];
  return {
    [names.evidenceTargetName]: {
      executor: 'l9:ecosystem-evidence',
      cache: true,
      dependsOn: [`^${names.evidenceTargetName}`],
      inputs: ['{projectRoot}/**/*', '!{projectRoot}/.l9/**/*', META_INPUTS, '^default', { env: 'L9_EVIDENCE_KEY' }, ...withPlugin],
      outputs: ['{workspaceRoot}/dist/l9/{projectName}/evidence'],
      metadata: { description: 'Phase 6: the signed ecosystem statement and the evidence report in the 10 sections of the L9 process, with its HTML view.', technologies: ['l9'] },
    },
    'verify-evidence': {
      executor: 'l9:verify-evidence',
      cache: false,
      metadata: { description: 'Checks the evidence signature and the digest of every file it names; names any file that changed.', technologies: ['l9'] },
    },
  };
}
