import { parseArgs } from 'node:util';
import { isAbsolute, join } from 'node:path';
import { CliUsageError, type CliIo } from './cli-command';

/** Parses `--name value` options of an `audit` subcommand; an unknown or incomplete option is a usage mistake. */
export function auditOptions<Name extends string>(args: string[], names: readonly Name[], usage: string): Partial<Record<Name, string>> {
  try {
    const { values } = parseArgs({ args, options: Object.fromEntries(names.map((name) => [name, { type: 'string' }])), strict: true, allowPositionals: false });
    return values as Partial<Record<Name, string>>;
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message.split('\n')[0]}\n${usage}`);
  }
}

/** A path given on the command line, relative to the directory the command runs in. */
export function cliPath(io: CliIo, path: string): string {
  return isAbsolute(path) ? path : join(io.cwd, path);
}
