import { parseArgs, type ParseArgsConfig } from 'node:util';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The parsed values of `options` (a flag is a boolean, an option a string) and the arguments that are no option. */
export type CommandLine<Options extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: Options; strict: true; allowPositionals: true }>
>;

/**
 * The one argument parser of l9's commands and tools: `node:util` `parseArgs`, strict (an unknown option or a
 * missing value is refused), `--name value` and `--name=value` alike. Its error becomes one short line naming the
 * option, which the caller prints above its usage; `describe` receives that line.
 */
export function parseCommandLine<Options extends OptionsConfig>(
  argv: readonly string[],
  options: Options,
  describe: (problem: string) => Error,
): CommandLine<Options> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw describe(problemOf(error as Error & { code?: string }));
  }
}

/** `parseArgs`' messages run on with advice meant for other programs; only the option and what is wrong with it stay. */
function problemOf(error: Error & { code?: string }): string {
  const option = /'(?:-\w, )?(--?[\w-]+)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /does not take an argument/.test(error.message)
      ? `${option} takes no value`
      : `${option} needs a value`;
  }
  return error.message.split('\n')[0]!;
}
