import { CliUsageError, type CliCommand, type CliIo } from './cli-command';

function usage(commands: readonly CliCommand[]): string {
  const width = Math.max(0, ...commands.map((command) => command.name.length));
  return [
    'usage: l9-runtime <command> [options]',
    '',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
  ].join('\n');
}

/**
 * Dispatches `l9-runtime <command> …`. A usage mistake prints one line and the usage (exit 2); any other failure
 * prints its message (exit 1). Commands report their own verdicts through the exit code they return.
 */
export async function runCli(argv: string[], commands: readonly CliCommand[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(usage(commands));
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr(`l9-runtime: unknown command "${name}"\n${usage(commands)}`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`l9-runtime ${name}: ${error.message}\n`);
      return 2;
    }
    io.stderr(`l9-runtime ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
