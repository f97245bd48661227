import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
// Types only: loading @nx/devkit itself would add its start-up to every project-graph computation.
import type {
  CreateNodesContextV2,
  CreateNodesResult,
  CreateNodesV2,
  ProjectConfiguration,
  TargetConfiguration,
} from '@nx/devkit';
import { agentNamedInputs, agentTargets, ecosystemTargets } from './agent-targets';
import {
  integrationPairsUpTo,
  integrationRuntimeInputs,
  integrationTargets,
  type IntegrationTargetSettings,
  type MatrixMembers,
} from './integration-targets';
import { readLockedOrder } from './locked-plan';
import { bundledWorkspaceInputs, pluginInputs } from './plugin-inputs';
import { targetNames, type L9PluginOptions, type TargetNames } from './plugin-options';
import { readAgentYaml, readDependsOn } from './read-agent-yaml';

/**
 * Every YAML file; createNodes keeps `agent.yaml` and `ecosystem.yaml`. Nx matches each file it hands over
 * against this glob again, compiling it every time, and a brace pattern such as `{agent,ecosystem}.yaml`
 * costs about three times a plain one: at a thousand agents that is more than the plugin's own work.
 */
export const L9_FILE_GLOB = '**/*.yaml';

const AGENT_FILE = 'agent.yaml';
const ECOSYSTEM_FILE = 'ecosystem.yaml';

function isNamed(file: string, name: string): boolean {
  return file === name || file.endsWith(`/${name}`);
}

/** What every node of one createNodes call shares; computed once per call rather than once per file. */
interface NodeSettings {
  workspaceRoot: string;
  names: TargetNames;
  plugin: TargetConfiguration['inputs'];
  /** The named inputs and targets of every agent project: one frozen object for all of them (see agentTemplate). */
  agent: AgentTemplate;
  integration: IntegrationTargetSettings;
}

type AgentTemplate = Readonly<Pick<ProjectConfiguration, 'namedInputs' | 'targets'>>;

/**
 * An agent's inferred configuration depends on the plugin options and the workspace only, never on the agent
 * (paths are `{projectRoot}` tokens), so every agent of a call gets the same object: building it per agent was
 * the largest part of the plugin's own createNodes time at a thousand agents. It is frozen because Nx may keep
 * the objects of a plugin it runs in-process (NX_ISOLATE_PLUGINS=false): a change made for one project would
 * show in all of them, so any attempt fails instead.
 */
function agentTemplate(
  names: TargetNames,
  plugin: TargetConfiguration['inputs'],
  workspaceRoot: string,
): AgentTemplate {
  return deepFreeze({
    namedInputs: agentNamedInputs(plugin),
    targets: agentTargets(names, { plugin, workspacePackages: bundledWorkspaceInputs(workspaceRoot) }),
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The ecosystem's members in plan order, from the part of plan.lock.json createDependencies reads too (and
 * caches, so the plan is parsed once per change). A missing or unreadable plan is reported by
 * createDependencies and by the targets that read it; here it only keeps the matrix one task.
 */
function matrixMembers(root: string, workspaceRoot: string): MatrixMembers {
  try {
    const plan = readLockedOrder(workspaceRoot, root);
    if (!plan) return { unknown: `${root}/plan.lock.json does not exist.` };
    const ids = plan.order.map((name) => plan.ids[name]);
    if (ids.some((id) => id === undefined))
      return { unknown: `${root}/plan.lock.json orders an agent it does not list.` };
    return { ids: ids as string[], agentsDir: dirname(root) };
  } catch (error) {
    return { unknown: (error as Error).message };
  }
}

function createEcosystemNode(root: string, settings: NodeSettings): CreateNodesResult {
  const integration = integrationTargets(matrixMembers(root, settings.workspaceRoot), settings.integration);
  const names = Object.keys(integration);
  // Nx's project view folds a target group into one entry: the pair targets under their aggregate.
  const metadata = names.length > 1 ? { metadata: { targetGroups: { 'integration matrix': names } } } : {};
  return {
    projects: {
      [root]: {
        projectType: 'application',
        tags: ['l9:ecosystem'],
        ...metadata,
        targets: ecosystemTargets(settings.names, settings.plugin, integration),
      },
    },
  };
}

function createAgentNode(file: string, settings: NodeSettings): CreateNodesResult {
  const root = dirname(file);
  // The generator writes project.json with name, type and tags; only a hand-made agent needs them from here.
  const identity = existsSync(`${settings.workspaceRoot}/${root}/project.json`)
    ? {}
    : {
        name: readAgentYaml(settings.workspaceRoot, file).id,
        projectType: 'application' as const,
        tags: ['l9:agent'],
      };
  // An unreadable dependency block is reported here, against its file, where Nx's aggregate error keeps every
  // other project; createDependencies then leaves that file out and keeps every other agent's edges.
  readDependsOn(settings.workspaceRoot, file);
  return { projects: { [root]: { ...identity, ...settings.agent } } };
}

/**
 * Nx's own error for a plugin that could read some files and not others: it reports each file with its
 * error and keeps the projects of every other file. Loaded only when a file failed: `@nx/devkit` brings some
 * five hundred modules that computing the graph otherwise does without.
 */
function aggregateError(
  errors: Array<[string, Error]>,
  nodes: Array<readonly [string, CreateNodesResult]>,
): Error {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a file failed, as said above
  const { AggregateCreateNodesError } = require('@nx/devkit') as typeof import('@nx/devkit');
  return new AggregateCreateNodesError(errors, nodes as Array<[string, CreateNodesResult]>);
}

function createNodes(
  files: readonly string[],
  options: L9PluginOptions | undefined,
  context: CreateNodesContextV2,
): Array<readonly [string, CreateNodesResult]> {
  const names = targetNames(options);
  const plugin = pluginInputs(context.workspaceRoot);
  const integration = {
    names,
    plugin,
    runtime: integrationRuntimeInputs(context.workspaceRoot),
    pairsUpTo: integrationPairsUpTo(options?.integrationPairsUpTo),
  };
  const settings: NodeSettings = {
    workspaceRoot: context.workspaceRoot,
    names,
    plugin,
    agent: agentTemplate(names, plugin, context.workspaceRoot),
    integration,
  };
  const nodes: Array<readonly [string, CreateNodesResult]> = [];
  const errors: Array<[string, Error]> = [];
  for (const file of files) {
    try {
      if (isNamed(file, AGENT_FILE)) nodes.push([file, createAgentNode(file, settings)]);
      else if (isNamed(file, ECOSYSTEM_FILE))
        nodes.push([file, createEcosystemNode(dirname(file), settings)]);
    } catch (error) {
      errors.push([file, error as Error]);
    }
  }
  if (errors.length > 0) throw aggregateError(errors, nodes);
  return nodes;
}

/**
 * Every `agent.yaml` is an agent project (validate, verify, evidence, typecheck, serve); every `ecosystem.yaml`
 * is an ecosystem project (aggregate evidence, deploy, the integration matrix, verify-evidence).
 */
export const createNodesV2: CreateNodesV2<L9PluginOptions> = [L9_FILE_GLOB, createNodes];
