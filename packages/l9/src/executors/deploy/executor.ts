import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { deploy, type DeployCommand } from '../../deploy';
import { ecosystemBundleTargetName } from '../bundle/bundle-target';

export interface DeployExecutorOptions {
  /** First port; default the plan's (8000 for the example) or `L9_PORT_BASE`. */
  portBase?: number;
  /** Seconds an agent may take to answer `/health`. */
  healthTimeout?: number;
  /** Stop the deployment recorded under `<project>/.l9/deploy/`. */
  stop?: boolean;
  /** Print the health of the recorded deployment. */
  status?: boolean;
  /** `one-process`: every agent in one node process from the host bundle; `per-process` (default): each its own. */
  host?: 'per-process' | 'one-process';
}

/**
 * `l9:deploy`: the ecosystem on this machine, the same command as the generated `deploy/deploy_<id>.sh`.
 * The agents start from the bundles the target's dependency built (`^bundle`, cached): a missing or out-of-date
 * one stops the start, naming the agent and the command that builds it. Runs until Ctrl-C or `deploy:stop`; `deploy:stop` and `deploy:status` act on a running one. Exit 0 after an
 * orderly stop and for an answered status query, 1 when something failed. (Under Nx, Ctrl-C ends the run with
 * Nx's own 130 for SIGINT; the agents are still stopped in order. `deploy:stop` from another terminal ends it with 0.)
 */
export default async function deployExecutor(
  options: DeployExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const ecosystemRoot = join(
    context.root,
    context.projectsConfigurations.projects[context.projectName!]!.root,
  );
  const command: DeployCommand = {
    ecosystemRoot,
    mode: options.stop ? 'stop' : options.status ? 'status' : 'run',
    ...(options.portBase !== undefined ? { portBase: options.portBase } : {}),
    ...(options.healthTimeout !== undefined ? { healthTimeoutMs: options.healthTimeout * 1000 } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
  };
  const env = { ...process.env, L9_DEPLOY_STOP_HINT: `nx run ${context.projectName}:deploy:stop` };
  const io = {
    stdout: (text: string) => process.stdout.write(text),
    stderr: (text: string) => process.stderr.write(text),
    env,
  };
  const code = await deploy(
    command,
    command.mode === 'run' ? { ...io, bundleTarget: ecosystemBundleTargetName(context, ecosystemRoot) } : io,
  );
  return { success: code === 0 };
}
