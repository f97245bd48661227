import {
  CallerTokenInputError,
  issueCallerToken,
  MAX_CALLER_TOKEN_TTL_SECONDS,
} from '../caller/caller-token';
import { commandOptions } from './cli-arguments';
import { CliUsageError, type CliCommand, type CliIo } from './cli-command';

const USAGE =
  'usage: l9-runtime token --caller <identity> --agent <agent id> [--ttl <30s|15m|12h|30d>]   (reads L9_PACKET_SECRET)';
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90`, `90s`, `15m`, `12h`, `30d` → seconds. */
export function parseTtl(text: string): number {
  const match = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  if (!match)
    throw new CliUsageError(
      `--ttl must be a whole number with an optional unit s, m, h or d (got "${text}")\n${USAGE}`,
    );
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] || 's']!;
  if (seconds < 1 || seconds > MAX_CALLER_TOKEN_TTL_SECONDS)
    throw new CliUsageError(`--ttl must be between 1 second and 366 days\n${USAGE}`);
  return seconds;
}

/**
 * `token`: issues a caller token for an agent's declared endpoints (see caller-token.ts), signed with the
 * agent's packet secret taken from the environment — never from the command line, where it would land in shell
 * history and process listings. Prints the token alone on stdout, so `$(l9-runtime token …)` captures it.
 */
async function issueToken(args: string[], io: CliIo): Promise<number> {
  const { caller, agent, ttl } = commandOptions(args, ['caller', 'agent', 'ttl'], USAGE);
  if (caller === undefined || agent === undefined)
    throw new CliUsageError(`--caller and --agent are required\n${USAGE}`);
  const secret = io.env['L9_PACKET_SECRET'];
  if (!secret) {
    io.stderr(
      'l9-runtime token: L9_PACKET_SECRET is not set; export the packet secret of the agent the token is for (the agent verifies tokens with it)\n',
    );
    return 1;
  }
  const ttlSeconds = ttl === undefined ? 3600 : parseTtl(ttl);
  try {
    io.stdout(`${await issueCallerToken({ secret, caller, agent, ttlSeconds })}\n`);
  } catch (error) {
    if (error instanceof CallerTokenInputError) throw new CliUsageError(`${error.message}\n${USAGE}`);
    throw error;
  }
  return 0;
}

export const tokenCommand: CliCommand = {
  name: 'token',
  summary:
    "issue a caller token for an agent's declared endpoints (Authorization: Bearer), from L9_PACKET_SECRET",
  run: issueToken,
};
