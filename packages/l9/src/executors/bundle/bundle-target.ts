import type { ExecutorContext } from '@nx/devkit';
import { readLockedPlan } from '../../deploy/deployment-plan';

const BUNDLE_EXECUTOR = 'l9:bundle';

/**
 * The name the plugin gave the agents' bundle target (`bundle` unless nx.json renames it), read from the
 * project graph, so a message that says how to build a bundle names the target that exists.
 */
export function bundleTargetName(context: ExecutorContext, agentProjects: readonly string[]): string {
  const projects = context.projectsConfigurations?.projects ?? {};
  for (const project of agentProjects) {
    const targets = projects[project]?.targets ?? {};
    const name = Object.keys(targets).find((target) => targets[target]?.executor === BUNDLE_EXECUTOR);
    if (name) return name;
  }
  return 'bundle';
}

/**
 * The bundle target of the agents in the locked plan of the ecosystem at `ecosystemRoot` (what deploy and
 * integration start); an unreadable plan is left to the command that reads it next, which names it.
 */
export function ecosystemBundleTargetName(context: ExecutorContext, ecosystemRoot: string): string {
  let agentProjects: string[];
  try {
    agentProjects = readLockedPlan(ecosystemRoot).agents.map((a) => a.id);
  } catch {
    agentProjects = [];
  }
  return bundleTargetName(context, agentProjects);
}
