import { isAbsolute, join } from 'node:path';
import { anchorArguments } from './anchor-cli-options';
import type { CliIo } from './cli-command';

/** Parses `--name value` options of an `audit` subcommand; an unknown or incomplete option is a usage mistake. */
export function auditOptions<Name extends string>(args: string[], names: readonly Name[], usage: string): Partial<Record<Name, string>> {
  return anchorArguments(args, { options: names }, usage).values;
}

/** A path given on the command line, relative to the directory the command runs in. */
export function cliPath(io: CliIo, path: string): string {
  return isAbsolute(path) ? path : join(io.cwd, path);
}
