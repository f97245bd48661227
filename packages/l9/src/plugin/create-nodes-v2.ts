import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
// Types only: loading @nx/devkit itself would add its start-up to every project-graph computation.
import type { CreateNodesContextV2, CreateNodesResult, CreateNodesV2 } from '@nx/devkit';
import { agentNamedInputs, agentTargets, ecosystemTargets } from './agent-targets';
import { pluginInputs } from './plugin-inputs';
import { targetNames, type L9PluginOptions } from './plugin-options';
import { readAgentYaml } from './read-agent-yaml';

export const L9_FILE_GLOB = '**/{agent,ecosystem}.yaml';

function createEcosystemNode(root: string, options: L9PluginOptions | undefined, context: CreateNodesContextV2): CreateNodesResult {
  return { projects: { [root]: { projectType: 'application', tags: ['l9:ecosystem'], targets: ecosystemTargets(targetNames(options), pluginInputs(context.workspaceRoot)) } } };
}

function createAgentNode(file: string, options: L9PluginOptions | undefined, context: CreateNodesContextV2): CreateNodesResult {
  const root = dirname(file);
  if (file.endsWith('ecosystem.yaml')) return createEcosystemNode(root, options, context);
  // The generator writes project.json with name, type and tags; only a hand-made agent needs them from here.
  const identity = existsSync(join(context.workspaceRoot, root, 'project.json'))
    ? {}
    : { name: readAgentYaml(context.workspaceRoot, file).id, projectType: 'application' as const, tags: ['l9:agent'] };
  return {
    projects: {
      [root]: {
        ...identity,
        namedInputs: agentNamedInputs(pluginInputs(context.workspaceRoot)),
        targets: agentTargets(targetNames(options)),
      },
    },
  };
}

/**
 * Every `agent.yaml` is an agent project (validate, verify, evidence, typecheck, serve); every `ecosystem.yaml`
 * is an ecosystem project (aggregate evidence, verify-evidence).
 */
export const createNodesV2: CreateNodesV2<L9PluginOptions> = [
  L9_FILE_GLOB,
  (files, options, context) => files.map((file) => [file, createAgentNode(file, options, context)] as const),
];
