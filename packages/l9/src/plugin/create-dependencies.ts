// Types only (see create-nodes-v2.ts); `DependencyType.static` is the string 'static'.
import { type CreateDependencies, type DependencyType, type RawProjectGraphDependency } from '@nx/devkit';
import { toKebabCase } from '../schema/normalize/naming';
import { readDependsOn } from './read-agent-yaml';
import type { L9PluginOptions } from './plugin-options';

type Projects = Parameters<CreateDependencies>[1]['projects'];

/**
 * `depends_on` as static edges, each with the `agent.yaml` that declares it as source file. Only the
 * agent.yaml files Nx reports as changed are read: edges of unchanged files stay in Nx's cached graph.
 */
export const createDependencies: CreateDependencies<L9PluginOptions> = (_options, context) => {
  const dependencies: RawProjectGraphDependency[] = [];
  const resolve = projectResolver(context.projects);
  for (const [project, files] of Object.entries(context.filesToProcess.projectFileMap)) {
    const root = context.projects[project]?.root;
    if (root === undefined) continue;
    const agentYaml = `${root}/agent.yaml`;
    if (!files.some((f) => f.file === agentYaml)) continue;
    const dependsOn = readDependsOn(context.workspaceRoot, agentYaml);
    for (const names of [dependsOn.hard, dependsOn.soft]) {
      for (const name of names) {
        const target = resolve(name);
        if (!target || target === project) continue;
        dependencies.push({ source: project, target, sourceFile: agentYaml, type: 'static' as DependencyType.static });
      }
    }
  }
  return dependencies;
};

/**
 * A dependency names an agent (`MainAgent`); its project id is the kebab-case of that name, as generated.
 * Names repeat across agents (every agent of an ecosystem may depend on the same few), so each is resolved once.
 */
function projectResolver(projects: Projects): (name: string) => string | undefined {
  const resolved = new Map<string, string | undefined>();
  return (name) => {
    if (resolved.has(name)) return resolved.get(name);
    const id = toKebabCase(name);
    const target = projects[id]?.tags?.includes('l9:agent') ? id : undefined;
    resolved.set(name, target);
    return target;
  };
}
