import { resolve } from 'node:path';
import { parseCommandLine } from '../command-line';
import { deploy, type DeployCommand, type DeployIo } from './deploy-command';
import { DeployError } from './deployment-plan';

export type DeployCliIo = Omit<DeployIo, 'explain'>;

const USAGE = `usage: deploy <ecosystem project> [--port-base N] [--health-timeout SECONDS] [--host per-process|one-process] [--stop | --status]
  (no flag)   start every agent in wave order, print the status table, stop them all on Ctrl-C
  --host      per-process (default, or L9_AGENT_HOST): each agent its own node process; one-process: all of them in
              one, from the ecosystem's host bundle (.l9/bundle/host.js), each still with its own port, keys and stores
  --stop      stop the deployment recorded under <ecosystem project>/.l9/deploy/
  --status    health of the recorded deployment; exit 0 when every agent answers or nothing is deployed, 1 when an agent is down
  --port-base first port (default: the plan's, or L9_PORT_BASE)`;

/** The deploy command line as typed options; a mistake is a DeployError of one line and the usage. */
export function parseDeployArgs(argv: readonly string[]): DeployCommand {
  const usageError = (problem: string) => new DeployError(`${problem}\n${USAGE}`);
  const { values, positionals } = parseCommandLine(
    argv,
    {
      'port-base': { type: 'string' },
      'health-timeout': { type: 'string' },
      host: { type: 'string' },
      stop: { type: 'boolean' },
      status: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    usageError,
  );
  if (values.help) throw new DeployError(USAGE);
  if (values.stop && values.status)
    throw usageError('--stop and --status are two different commands: give one');
  if (positionals.length > 1) throw usageError(`unknown argument '${positionals[1]}'`);
  const ecosystem = positionals[0];
  if (!ecosystem) throw usageError('which ecosystem project?');
  const args: DeployCommand = {
    ecosystemRoot: resolve(ecosystem),
    mode: values.stop ? 'stop' : values.status ? 'status' : 'run',
  };
  if (values['port-base'] !== undefined) args.portBase = values['port-base'];
  if (values.host !== undefined) args.host = values.host;
  if (values['health-timeout'] !== undefined) {
    const seconds = Number(values['health-timeout']);
    if (!(seconds > 0)) throw usageError('--health-timeout takes a number of seconds above 0');
    args.healthTimeoutMs = seconds * 1000;
  }
  return args;
}

/** The deploy command line of the generated `deploy_<ecosystem>.sh`; resolves to the exit code. */
export async function runDeployCli(argv: readonly string[], io: DeployCliIo): Promise<number> {
  let command: DeployCommand;
  try {
    command = parseDeployArgs(argv);
  } catch (error) {
    if (!(error instanceof DeployError)) throw error;
    io.stderr(`${error.message}\n`);
    return 1;
  }
  return deploy(command, { ...io, explain: (message) => new DeployError(`${message}\n${USAGE}`) });
}
