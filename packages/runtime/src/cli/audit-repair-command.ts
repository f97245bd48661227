import { repairTornLine } from '../audit/repair-torn-line';
import { CliUsageError, type CliIo } from './cli-command';
import { cliPath, commandOptions } from './cli-arguments';

const USAGE = 'usage: l9-runtime audit repair --file <audit log> [--head <signed head file>]';

/** `audit repair`: removes a torn last line that no signed head covers; refuses (exit 1) anything else. */
export async function auditRepair(args: string[], io: CliIo): Promise<number> {
  const options = commandOptions(args, ['file', 'head'], USAGE);
  if (!options.file) throw new CliUsageError(`--file is required\n${USAGE}`);
  const path = cliPath(io, options.file);
  const result = await repairTornLine(path, options.head ? cliPath(io, options.head) : undefined);
  if (!result.repaired) {
    io.stderr(`not repaired: ${result.reason}\n`);
    return 1;
  }
  io.stdout(
    `removed the torn line ${result.line} (${result.bytes} bytes after entry ${result.afterSeq}) from ${path}\n`,
  );
  return 0;
}
