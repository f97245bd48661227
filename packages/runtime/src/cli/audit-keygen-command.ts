import { writeFile } from 'node:fs/promises';
import { generateAuditSigningKeyPem } from '../audit/audit-signing-key';
import type { CliIo } from './cli-command';
import { cliPath, commandOptions } from './cli-arguments';

const USAGE = 'usage: l9-runtime audit keygen [--out <private key file>]';

/**
 * `audit keygen`: a new Ed25519 key pair for signing audit heads. Printed as two PEM blocks (private, then
 * public), or with `--out` written to that file (mode 0600, never over an existing file) and `<file>.pub`.
 */
export async function auditKeygen(args: string[], io: CliIo): Promise<number> {
  const { out } = commandOptions(args, ['out'], USAGE);
  const { privateKeyPem, publicKeyPem } = generateAuditSigningKeyPem();
  if (out === undefined) {
    io.stdout(privateKeyPem + publicKeyPem);
    return 0;
  }
  const path = cliPath(io, out);
  // 'wx': a key that already exists may be in use; replacing it would make its log unverifiable.
  await writeFile(path, privateKeyPem, { mode: 0o600, flag: 'wx' });
  await writeFile(`${path}.pub`, publicKeyPem, { flag: 'wx' });
  io.stdout(
    `wrote the private key to ${path} (L9_AUDIT_SIGNING_KEY_FILE) and the public key to ${path}.pub (for verifiers)\n${publicKeyPem}`,
  );
  return 0;
}
