import { resolve } from 'node:path';
import { parseCommandLine } from '../command-line';
import { readDeployState } from './deploy-state';
import { DeployError } from './deployment-plan';
import { probeRecordedDeployment, stopRecordedDeployment } from './recorded-deployment';
import { agentHostChoice } from './host-process';
import { runDeployment } from './run-deployment';
import { renderCurlLines, renderStatusTable } from './status-table';

export interface DeployCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  /** The Nx target that built the agents' bundles (the deploy target depends on it); the script leaves it out and builds them. */
  bundleTarget?: string;
}

const USAGE = `usage: deploy <ecosystem project> [--port-base N] [--health-timeout SECONDS] [--host per-process|one-process] [--stop | --status]
  (no flag)   start every agent in wave order, print the status table, stop them all on Ctrl-C
  --host      per-process (default, or L9_AGENT_HOST): each agent its own node process; one-process: all of them in
              one, from the ecosystem's host bundle (.l9/bundle/host.js), each still with its own port, keys and stores
  --stop      stop the deployment recorded under <ecosystem project>/.l9/deploy/
  --status    health of the recorded deployment; exit 0 when every agent answers or nothing is deployed, 1 when an agent is down
  --port-base first port (default: the plan's, or L9_PORT_BASE)`;

export interface DeployCliArgs {
  ecosystem: string;
  mode: 'run' | 'stop' | 'status';
  portBase?: string;
  healthTimeoutMs?: number;
  host?: string;
}

/** The deploy command line as typed options; a mistake is a DeployError of one line and the usage. */
export function parseDeployArgs(argv: readonly string[]): DeployCliArgs {
  const usageError = (problem: string) => new DeployError(`${problem}\n${USAGE}`);
  const { values, positionals } = parseCommandLine(
    argv,
    { 'port-base': { type: 'string' }, 'health-timeout': { type: 'string' }, host: { type: 'string' }, stop: { type: 'boolean' }, status: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    usageError,
  );
  if (values.help) throw new DeployError(USAGE);
  if (values.stop && values.status) throw usageError('--stop and --status are two different commands: give one');
  if (positionals.length > 1) throw usageError(`unknown argument '${positionals[1]}'`);
  const ecosystem = positionals[0];
  if (!ecosystem) throw usageError('which ecosystem project?');
  const args: DeployCliArgs = { ecosystem, mode: values.stop ? 'stop' : values.status ? 'status' : 'run' };
  if (values['port-base'] !== undefined) args.portBase = values['port-base'];
  if (values.host !== undefined) args.host = values.host;
  if (values['health-timeout'] !== undefined) {
    const seconds = Number(values['health-timeout']);
    if (!(seconds > 0)) throw usageError('--health-timeout takes a number of seconds above 0');
    args.healthTimeoutMs = seconds * 1000;
  }
  return args;
}

/** The deploy command shared by the generated `deploy_<ecosystem>.sh` and the `deploy` target; resolves to the exit code. */
export async function runDeployCli(argv: readonly string[], io: DeployCliIo): Promise<number> {
  try {
    const args = parseDeployArgs(argv);
    const root = resolve(args.ecosystem);
    if (args.mode === 'stop') {
      const result = await stopRecordedDeployment(root);
      io.stdout(result.found ? `stopped: ${result.stopped.join(', ') || 'none running'}${result.killed.length ? `; killed after the grace period: ${result.killed.join(', ')}` : ''}\n` : `no deployment recorded under ${root}/.l9/deploy\n`);
      return 0;
    }
    if (args.mode === 'status') {
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
    const env = io.env ?? process.env;
    const host = agentHostChoice(args.host, env, (message) => new DeployError(`${message}\n${USAGE}`));
    const stopHint = env['L9_DEPLOY_STOP_HINT'] ?? `${env['L9_DEPLOY_COMMAND'] ?? 'the deploy command'} --stop`;
    await runDeployment({ ecosystemRoot: root, out: io.stdout, stopHint, ...(args.portBase ? { portBase: args.portBase } : {}), ...(args.healthTimeoutMs ? { healthTimeoutMs: args.healthTimeoutMs } : {}), ...(io.env ? { env: io.env } : {}), ...(io.bundleTarget !== undefined ? { bundleTarget: io.bundleTarget } : {}), host });
    return 0;
  } catch (error) {
    if (!(error instanceof DeployError)) throw error;
    io.stderr(`${error.message}\n`);
    return 1;
  }
}
