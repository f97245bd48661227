/** One subcommand of `l9-runtime`: parses its own arguments, writes to the given streams, returns the exit code. */
export interface CliCommand {
  name: string;
  /** One line for the usage text. */
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A user mistake on the command line: printed as one line with the usage, exit code 2, never a stack trace. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}
