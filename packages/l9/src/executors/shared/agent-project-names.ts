import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';

/** Names of the workspace's agent projects (those with an agent.yaml at their root). */
export function agentProjectNames(context: ExecutorContext): Set<string> {
  const names = new Set<string>();
  for (const [name, config] of Object.entries(context.projectsConfigurations.projects)) {
    if (existsSync(join(context.root, config.root, 'agent.yaml'))) names.add(name);
  }
  return names;
}
