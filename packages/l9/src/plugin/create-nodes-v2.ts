import { dirname } from 'node:path';
import { createNodesFromFiles, type CreateNodesContextV2, type CreateNodesResult, type CreateNodesV2 } from '@nx/devkit';
import { agentTargets, ecosystemTargets } from './agent-targets';
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
  const agent = readAgentYaml(context.workspaceRoot, file);
  return {
    projects: {
      [root]: {
        name: agent.id,
        projectType: 'application',
        tags: ['l9:agent'],
        targets: agentTargets(targetNames(options), pluginInputs(context.workspaceRoot)),
        metadata: { description: `L9 agent ${agent.name}` },
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
  (files, options, context) => createNodesFromFiles(createAgentNode, files, options ?? {}, context),
];
