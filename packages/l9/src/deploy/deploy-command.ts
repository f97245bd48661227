import { readDeployState } from './deploy-state';
import { DeployError } from './deployment-plan';
import { agentHostChoice } from './host-process';
import { probeRecordedDeployment, stopRecordedDeployment } from './recorded-deployment';
import { runDeployment } from './run-deployment';
import { renderCurlLines, renderStatusTable } from './status-table';

/** What a deploy does, typed: the deploy executor fills it from its options, the deploy command line from argv. */
export interface DeployCommand {
  /** The ecosystem project's folder, absolute. */
  ecosystemRoot: string;
  /** run: start every agent and stay until stopped; stop / status: act on the recorded deployment. */
  mode: 'run' | 'stop' | 'status';
  portBase?: number | string;
  healthTimeoutMs?: number;
  /** per-process or one-process; unset: L9_AGENT_HOST, else per-process. */
  host?: string;
}

export interface DeployIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  /** The Nx target that built the agents' bundles (the deploy target depends on it); the script leaves it out and builds them. */
  bundleTarget?: string;
  /** How a wrong value (such as the host) is explained: the command line adds its usage. */
  explain?: (message: string) => Error;
}

/** Stops the recorded deployment; finding none is said, not a failure. */
async function stopDeployment(root: string, io: DeployIo): Promise<number> {
  const result = await stopRecordedDeployment(root);
  const killed = result.killed.length ? `; killed after the grace period: ${result.killed.join(', ')}` : '';
  io.stdout(
    result.found
      ? `stopped: ${result.stopped.join(', ') || 'none running'}${killed}\n`
      : `no deployment recorded under ${root}/.l9/deploy\n`,
  );
  return 0;
}

/** The health of the recorded deployment: 0 when every agent answers or nothing is deployed, 1 when one is down. */
async function deploymentStatus(root: string, io: DeployIo): Promise<number> {
  const state = readDeployState(root);
  if (!state) {
    // Nothing deployed is an answer to the question, not a failure.
    io.stdout(`not deployed: no deployment recorded under ${root}/.l9/deploy\n`);
    return 0;
  }
  const statuses = await probeRecordedDeployment(state);
  io.stdout(`${renderStatusTable(statuses)}\n\n${renderCurlLines(statuses)}\n`);
  return statuses.every((s) => s.health.state !== 'down') ? 0 : 1;
}

/** Runs a deploy and resolves to its exit code; a DeployError is printed as its message (exit 1), anything else thrown. */
export async function deploy(command: DeployCommand, io: DeployIo): Promise<number> {
  try {
    if (command.mode === 'stop') return await stopDeployment(command.ecosystemRoot, io);
    if (command.mode === 'status') return await deploymentStatus(command.ecosystemRoot, io);
    const env = io.env ?? process.env;
    const host = agentHostChoice(command.host, env, io.explain ?? ((message) => new DeployError(message)));
    const stopHint =
      env['L9_DEPLOY_STOP_HINT'] ?? `${env['L9_DEPLOY_COMMAND'] ?? 'the deploy command'} --stop`;
    await runDeployment({
      ecosystemRoot: command.ecosystemRoot,
      out: io.stdout,
      stopHint,
      host,
      ...(command.portBase !== undefined ? { portBase: command.portBase } : {}),
      ...(command.healthTimeoutMs !== undefined ? { healthTimeoutMs: command.healthTimeoutMs } : {}),
      ...(io.env ? { env: io.env } : {}),
      ...(io.bundleTarget !== undefined ? { bundleTarget: io.bundleTarget } : {}),
    });
    return 0;
  } catch (error) {
    if (!(error instanceof DeployError)) throw error;
    io.stderr(`${error.message}\n`);
    return 1;
  }
}
