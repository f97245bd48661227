import { join } from 'node:path';
import { logger, type ExecutorContext } from '@nx/devkit';
import { bundleAgents } from '../../deploy/agent-bundle';
import { DeployError } from '../../deploy/deployment-plan';

/**
 * `l9:bundle`: builds the agent into `.l9/bundle/main.js` (esbuild, see deploy/agent-bundle.ts). The inferred
 * target declares the sources it reads and the folder it writes, so Nx caches the bundle and restores it
 * for whatever starts the agent. A compile error names each file, line and column and writes nothing.
 */
export default async function bundleExecutor(_options: Record<string, never>, context: ExecutorContext): Promise<{ success: boolean }> {
  const root = context.projectsConfigurations.projects[context.projectName!]!.root;
  try {
    await bundleAgents([join(context.root, root)]);
    return { success: true };
  } catch (error) {
    if (!(error instanceof DeployError)) throw error;
    logger.error(error.message);
    return { success: false };
  }
}
