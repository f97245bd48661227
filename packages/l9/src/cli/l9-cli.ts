import { textTable } from '../text-table';
import { runDeployCli } from '../deploy/deploy-cli';
import { runSecretsCli } from '../deploy/secrets-cli';
import { runVerifyEvidence } from '../evidence/verify-evidence-cli';

export interface L9CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

interface L9Command {
  name: string;
  summary: string;
  run: (argv: readonly string[], io: L9CliIo) => Promise<number> | number;
}

/** The commands the generated scripts and users run as `npx l9 <command> …`; each keeps its own usage. */
const COMMANDS: readonly L9Command[] = [
  {
    name: 'deploy',
    summary: 'start, stop or query an ecosystem on this machine (what deploy/deploy_<ecosystem>.sh runs)',
    run: (argv, io) => runDeployCli(argv, io),
  },
  {
    name: 'secrets',
    summary:
      'write the docker compose env file or create the Kubernetes Secrets (what deploy/secrets_<ecosystem>.sh runs)',
    run: (argv, io) => runSecretsCli(argv, io),
  },
  {
    name: 'verify-evidence',
    summary: 'check a signed evidence statement against the files it names',
    run: (argv, io) =>
      runVerifyEvidence(argv, { cwd: io.cwd, stdout: { write: io.stdout }, stderr: { write: io.stderr } }),
  },
];

function usage(): string {
  const commands = textTable(
    COMMANDS.map((command) => [command.name, command.summary]),
    { indent: '  ' },
  );
  return `usage: l9 <command> [arguments]   (l9 <command> --help for its own)\n\n${commands}\n`;
}

/** `l9 <command> …`; resolves to the command's exit code, 2 for no or an unknown command. */
export async function runL9Cli(argv: readonly string[], io: L9CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr(`${name === undefined ? 'l9: which command?' : `l9: unknown command '${name}'`}\n${usage()}`);
    return 2;
  }
  return command.run(rest, io);
}

/** What the package's `l9` bin runs. An unexpected failure (not a usage or deploy mistake) prints its stack. */
export function main(argv: readonly string[] = process.argv.slice(2)): void {
  const io: L9CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  };
  runL9Cli(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`l9 ${argv[0]} failed: ${error.stack ?? error.message}\n`);
      process.exitCode = 1;
    },
  );
}
