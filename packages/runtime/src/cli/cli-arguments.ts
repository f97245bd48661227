import { isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';
import { CliUsageError, type CliIo } from './cli-command';

/**
 * The one argument parser of `l9-runtime`'s commands (node:util parseArgs, strict): a command's `--name value`
 * options (and `flags`, which take no value) and its positional arguments; an unknown, incomplete or missing one
 * is a usage mistake that prints `usage`.
 */
export function commandArguments<Name extends string, Flag extends string = never>(
  args: string[],
  spec: { options: readonly Name[]; flags?: readonly Flag[]; positionals?: number },
  usage: string,
): { values: Partial<Record<Name, string>> & Partial<Record<Flag, boolean>>; positionals: string[] } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries([
        ...spec.options.map((name) => [name, { type: 'string' }]),
        ...(spec.flags ?? []).map((flag) => [flag, { type: 'boolean' }]),
      ]),
      strict: true,
      allowPositionals: (spec.positionals ?? 0) > 0,
    });
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message.split('\n')[0]}\n${usage}`);
  }
  if (parsed.positionals.length !== (spec.positionals ?? 0)) {
    throw new CliUsageError(
      `expected ${spec.positionals ?? 0} arguments, got ${parsed.positionals.length}\n${usage}`,
    );
  }
  return {
    values: parsed.values as Partial<Record<Name, string>> & Partial<Record<Flag, boolean>>,
    positionals: parsed.positionals,
  };
}

/** A required option: missing is a usage mistake naming it. */
export function required(value: string | undefined, option: string, usage: string): string {
  if (value === undefined || value.trim() === '')
    throw new CliUsageError(`--${option} is required\n${usage}`);
  return value;
}

/** A command's `--name value` options alone, for commands that take no flags or positional arguments. */
export function commandOptions<Name extends string>(
  args: string[],
  names: readonly Name[],
  usage: string,
): Partial<Record<Name, string>> {
  return commandArguments(args, { options: names }, usage).values;
}

/** A path given on the command line, relative to the directory the command runs in. */
export function cliPath(io: CliIo, path: string): string {
  return isAbsolute(path) ? path : join(io.cwd, path);
}
