import { readFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { auditPublicKeyFromPem, publicKeyId } from '../audit/audit-signing-key';
import { inspectAuditFile } from '../audit/inspect-audit-file';
import { verifyAuditLog } from '../audit/verify-audit-log';
import { CliUsageError, type CliIo } from './cli-command';
import { cliPath, commandOptions } from './cli-arguments';

const USAGE =
  'usage: l9-runtime audit verify --file <audit log> [--head <signed head file>] [--checkpoints <file>] [--public-key <pem file>] [--log <agent id>]\n' +
  '  reads the HMAC key from L9_AUDIT_KEY, and the public key from --public-key or L9_AUDIT_SIGNING_KEY[_FILE]';

/**
 * `audit verify`: checks a JSON-lines audit log, its checkpoints and its signed head, and prints every problem
 * with its sequence number and kind (exit 1) or OK (exit 0). Damage in the files is reported, never thrown.
 */
export async function auditVerify(args: string[], io: CliIo): Promise<number> {
  const options = commandOptions(args, ['file', 'head', 'checkpoints', 'public-key', 'log'], USAGE);
  if (!options.file) throw new CliUsageError(`--file is required\n${USAGE}`);
  const hmacKey = io.env['L9_AUDIT_KEY'];
  if (!hmacKey) throw new CliUsageError('set L9_AUDIT_KEY to the HMAC key the log was written with');
  const publicKey = await pinnedPublicKey(options['public-key'], io);
  const path = cliPath(io, options.file);
  const inspected = await inspectAuditFile({
    path,
    ...(options.head ? { headPath: cliPath(io, options.head) } : {}),
    ...(options.checkpoints ? { checkpointPath: cliPath(io, options.checkpoints) } : {}),
  });
  const verification = verifyAuditLog(
    inspected.log,
    { hmacKey, publicKey },
    options.log ? { logId: options.log } : {},
  );
  const problems = [...inspected.problems, ...verification.problems].sort((a, b) => a.seq - b.seq);
  const signed =
    verification.signedSeq > 0 ? `signed head at ${verification.signedSeq}` : 'no valid signed head';
  io.stdout(
    `audit log ${path}: ${verification.checked} entries, last seq ${verification.headSeq}, ${signed} (key ${publicKeyId(publicKey)})\n`,
  );
  for (const problem of problems) io.stdout(`  seq ${problem.seq}  ${problem.kind}  ${problem.message}\n`);
  if (verification.unsigned) {
    io.stdout(
      `  entries ${verification.unsigned.from}..${verification.unsigned.to} are not covered by a signed head (written just before a crash, or being signed now); the agent signs them when it reopens the log\n`,
    );
  }
  if (problems.length > 0) {
    io.stdout(`FAILED: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
    return 1;
  }
  io.stdout('OK\n');
  return 0;
}

/** The key heads must be signed with: pinned by the verifier, never taken from the head it checks. */
async function pinnedPublicKey(file: string | undefined, io: CliIo): Promise<KeyObject> {
  if (file) return auditPublicKeyFromPem(await readFile(cliPath(io, file), 'utf8'), file);
  const text = io.env['L9_AUDIT_SIGNING_KEY'];
  if (text) return auditPublicKeyFromPem(text.replace(/\\n/g, '\n'), 'L9_AUDIT_SIGNING_KEY');
  const keyFile = io.env['L9_AUDIT_SIGNING_KEY_FILE'];
  if (keyFile)
    return auditPublicKeyFromPem(await readFile(cliPath(io, keyFile), 'utf8'), 'L9_AUDIT_SIGNING_KEY_FILE');
  throw new CliUsageError(
    'pass --public-key <pem file> (the public half of the audit signing key), or set L9_AUDIT_SIGNING_KEY or L9_AUDIT_SIGNING_KEY_FILE',
  );
}
