import { anchorCommand } from './anchor-command';
import { auditCommand } from './audit-command';
import type { CliCommand } from './cli-command';
import { tokenCommand } from './token-command';

/** Every subcommand of `l9-runtime`, in the order the usage text lists them. */
export const CLI_COMMANDS: readonly CliCommand[] = [auditCommand, tokenCommand, anchorCommand];
