import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { logger, type ExecutorContext } from '@nx/devkit';
import { bundleAgents } from '../../deploy/agent-bundle';
import { DeployError, PLAN_FILE } from '../../deploy/deployment-plan';
import { bundleEcosystem } from './ecosystem-bundle';

/**
 * `l9:bundle`: on an agent project, builds the agent into `.l9/bundle/main.js`; on an ecosystem project (the one
 * holding plan.lock.json), builds `.l9/bundle/host.js`, every member agent over one copy of the runtime, to run
 * them in one process (esbuild, see deploy/agent-bundle.ts). The inferred target declares the sources it reads
 * and the folder it writes, so Nx caches the bundle and restores it for whatever starts the agents. A compile
 * error names each file, line and column and writes nothing.
 */
export default async function bundleExecutor(
  _options: Record<string, never>,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const projectRoot = join(context.root, context.projectsConfigurations.projects[context.projectName!]!.root);
  try {
    if (existsSync(join(projectRoot, PLAN_FILE))) await bundleEcosystem(projectRoot);
    else await bundleAgents([projectRoot]);
    return { success: true };
  } catch (error) {
    if (!(error instanceof DeployError)) throw error;
    logger.error(error.message);
    return { success: false };
  }
}
