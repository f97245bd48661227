// Types only (see create-nodes-v2.ts); `DependencyType.static` is the string 'static'.
import { type CreateDependencies, type DependencyType, type RawProjectGraphDependency } from '@nx/devkit';
import { toKebabCase } from '../schema/normalize/naming';
import { readDependsOn } from './read-agent-yaml';
import type { L9PluginOptions } from './plugin-options';

/**
 * `depends_on` as static edges, each with the `agent.yaml` that declares it as source file. Only the
 * agent.yaml files Nx reports as changed are read: edges of unchanged files stay in Nx's cached graph.
 */
export const createDependencies: CreateDependencies<L9PluginOptions> = (_options, context) => {
  const dependencies: RawProjectGraphDependency[] = [];
  for (const [project, files] of Object.entries(context.filesToProcess.projectFileMap)) {
    const root = context.projects[project]?.root;
    if (root === undefined) continue;
    const yamlFile = files.find((f) => f.file === `${root}/agent.yaml`);
    if (!yamlFile) continue;
    const dependsOn = readDependsOn(context.workspaceRoot, yamlFile.file);
    for (const dependency of [...dependsOn.hard, ...dependsOn.soft]) {
      const target = resolveProject(dependency, context.projects);
      if (!target || target === project) continue;
      dependencies.push({ source: project, target, sourceFile: yamlFile.file, type: 'static' as DependencyType.static });
    }
  }
  return dependencies;
};

/** A dependency names an agent (`MainAgent`); its project id is the kebab-case of that name, as generated. */
function resolveProject(name: string, projects: Parameters<CreateDependencies>[1]['projects']): string | undefined {
  const id = toKebabCase(name);
  return projects[id]?.tags?.includes('l9:agent') ? id : undefined;
}
