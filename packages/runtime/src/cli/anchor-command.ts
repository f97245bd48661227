import { anchorKeygen } from './anchor-keygen-command';
import { anchorResolve } from './anchor-resolve-command';
import { CliUsageError, type CliCommand } from './cli-command';

const SUBCOMMANDS = {
  keygen: anchorKeygen,
  approve: anchorResolve('approve'),
  reject: anchorResolve('reject'),
  override: anchorResolve('override'),
} as const;

/** `l9-runtime anchor keygen|approve|reject|override`: an anchor's key pair, and its signed answers to escalations. */
export const anchorCommand: CliCommand = {
  name: 'anchor',
  summary:
    "make an anchor's key pair (keygen); sign and send its answer to an escalation (approve, reject, override)",
  async run(args, io) {
    const [name, ...rest] = args;
    const subcommand =
      name !== undefined && Object.hasOwn(SUBCOMMANDS, name)
        ? SUBCOMMANDS[name as keyof typeof SUBCOMMANDS]
        : undefined;
    if (!subcommand)
      throw new CliUsageError(
        `${name === undefined ? 'a subcommand is required' : `unknown subcommand "${name}"`}: keygen, approve, reject or override`,
      );
    return subcommand(rest, io);
  },
};
