import { CliUsageError, type CliCommand } from './cli-command';
import { auditKeygen } from './audit-keygen-command';
import { auditRepair } from './audit-repair-command';
import { auditVerify } from './audit-verify-command';

const SUBCOMMANDS = { verify: auditVerify, repair: auditRepair, keygen: auditKeygen } as const;

/** `l9-runtime audit verify|repair|keygen`: check a file-stored audit log, repair a torn last line, make a signing key. */
export const auditCommand: CliCommand = {
  name: 'audit',
  summary:
    'verify a file audit log (verify), remove a torn last line (repair), make an audit signing key (keygen)',
  async run(args, io) {
    const [name, ...rest] = args;
    const subcommand =
      name !== undefined && Object.hasOwn(SUBCOMMANDS, name)
        ? SUBCOMMANDS[name as keyof typeof SUBCOMMANDS]
        : undefined;
    if (!subcommand)
      throw new CliUsageError(
        `${name === undefined ? 'a subcommand is required' : `unknown subcommand "${name}"`}: verify, repair or keygen`,
      );
    return subcommand(rest, io);
  },
};
