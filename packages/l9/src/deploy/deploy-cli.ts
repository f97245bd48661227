import { resolve } from 'node:path';
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

interface CliArgs {
  ecosystem: string;
  mode: 'run' | 'stop' | 'status';
  portBase?: string;
  healthTimeoutMs?: number;
  host?: string;
}

function parseArgs(argv: readonly string[]): CliArgs {
  const args: Partial<CliArgs> & { mode: CliArgs['mode'] } = { mode: 'run' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[(i += 1)];
      if (next === undefined) throw new DeployError(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--stop' || arg === '--status') args.mode = arg === '--stop' ? 'stop' : 'status';
    else if (arg === '--port-base') args.portBase = value();
    else if (arg.startsWith('--port-base=')) args.portBase = arg.slice('--port-base='.length);
    else if (arg === '--host') args.host = value();
    else if (arg.startsWith('--host=')) args.host = arg.slice('--host='.length);
    else if (arg === '--health-timeout') {
      const seconds = Number(value());
      if (!(seconds > 0)) throw new DeployError(`--health-timeout takes a number of seconds above 0\n${USAGE}`);
      args.healthTimeoutMs = seconds * 1000;
    } else if (arg === '--help' || arg === '-h') throw new DeployError(USAGE);
    else if (!arg.startsWith('-') && args.ecosystem === undefined) args.ecosystem = arg;
    else throw new DeployError(`unknown argument '${arg}'\n${USAGE}`);
  }
  if (!args.ecosystem) throw new DeployError(`which ecosystem project?\n${USAGE}`);
  return args as CliArgs;
}

/** The deploy command shared by the generated `deploy_<ecosystem>.sh` and the `deploy` target; resolves to the exit code. */
export async function runDeployCli(argv: readonly string[], io: DeployCliIo): Promise<number> {
  try {
    const args = parseArgs(argv);
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
