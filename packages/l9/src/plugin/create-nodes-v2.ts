import { dirname } from 'node:path';
import { createNodesFromFiles, type CreateNodesContextV2, type CreateNodesResult, type CreateNodesV2 } from '@nx/devkit';
import { agentTargets } from './agent-targets';
import { targetNames, type L9PluginOptions } from './plugin-options';
import { readAgentYaml } from './read-agent-yaml';

export const AGENT_FILE_GLOB = '**/agent.yaml';

function createAgentNode(file: string, options: L9PluginOptions | undefined, context: CreateNodesContextV2): CreateNodesResult {
  const root = dirname(file);
  const agent = readAgentYaml(context.workspaceRoot, file);
  return {
    projects: {
      [root]: {
        name: agent.id,
        projectType: 'application',
        tags: ['l9:agent'],
        targets: agentTargets(targetNames(options)),
        metadata: { description: `L9 agent ${agent.name}` },
      },
    },
  };
}

/** Every `agent.yaml` under the workspace is an agent project with validate, verify, evidence, typecheck and serve. */
export const createNodesV2: CreateNodesV2<L9PluginOptions> = [
  AGENT_FILE_GLOB,
  (files, options, context) => createNodesFromFiles(createAgentNode, files, options ?? {}, context),
];
