import { CliUsageError, type CliCommand, type CliIo } from './cli-command';

/** One subcommand of a group: gets the arguments after its name. */
export type Subcommand = (args: string[], io: CliIo) => Promise<number>;

/**
 * A command whose first argument names one of its subcommands (`l9-runtime audit verify …`): the remaining
 * arguments go to that subcommand. A missing or unknown name is a usage error listing the names, in the order
 * `subcommands` gives them.
 */
export function commandGroup(
  name: string,
  summary: string,
  subcommands: Readonly<Record<string, Subcommand>>,
): CliCommand {
  const names = Object.keys(subcommands);
  const choices = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names.join('');
  return {
    name,
    summary,
    async run(args, io) {
      const [chosen, ...rest] = args;
      const subcommand =
        chosen !== undefined && Object.hasOwn(subcommands, chosen) ? subcommands[chosen] : undefined;
      if (!subcommand)
        throw new CliUsageError(
          `${chosen === undefined ? 'a subcommand is required' : `unknown subcommand "${chosen}"`}: ${choices}`,
        );
      return subcommand(rest, io);
    },
  };
}
