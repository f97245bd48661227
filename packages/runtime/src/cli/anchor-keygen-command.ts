import { readFile, rename, writeFile } from 'node:fs/promises';
import {
  generateAnchorKeyPair,
  parseAnchorJwks,
  withAnchorPublicKey,
  type AnchorJwks,
} from '../governance/anchor-keys';
import type { CliIo } from './cli-command';
import { cliPath, commandArguments, required } from './cli-arguments';

const USAGE =
  'usage: l9-runtime anchor keygen --name <anchor> [--jwks <anchors file>] [--replace] [--out <private key file>]';

async function readJwks(path: string): Promise<AnchorJwks> {
  try {
    return parseAnchorJwks(await readFile(path, 'utf8'), path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { keys: [] };
    throw error;
  }
}

/**
 * `anchor keygen`: a new Ed25519 key pair for an anchor (`kid` = the anchor's name as the schema spells it).
 * The public key is added to the anchors file (`--jwks`, created if missing, replaced whole through a rename
 * so an agent never reads half of it; an anchor that has a key already needs `--replace`). The private key
 * is written to `--out` (mode 0600, never over an existing file) or printed; it never goes into the anchors file.
 */
export async function anchorKeygen(args: string[], io: CliIo): Promise<number> {
  const { values } = commandArguments(args, { options: ['name', 'jwks', 'out'], flags: ['replace'] }, USAGE);
  const name = required(values.name, 'name', USAGE);
  const { publicJwk, privateJwk } = generateAnchorKeyPair(name);
  const printed: Record<string, unknown> = {};
  if (values.jwks !== undefined) {
    const path = cliPath(io, values.jwks);
    const next = withAnchorPublicKey(await readJwks(path), publicJwk, { replace: values.replace === true });
    // Written aside first: whoever writes out the private key must not find the public one half added.
    await writeFile(`${path}.tmp`, `${JSON.stringify(next, null, 2)}\n`);
    await rename(`${path}.tmp`, path);
    io.stderr(`added the public key of ${publicJwk.kid} to ${path}\n`);
  } else {
    printed['public_jwk'] = publicJwk;
  }
  if (values.out !== undefined) {
    const path = cliPath(io, values.out);
    await writeFile(path, `${JSON.stringify(privateJwk)}\n`, { mode: 0o600, flag: 'wx' });
    io.stderr(
      `wrote the private key of ${publicJwk.kid} to ${path} (mode 0600); keep it with the anchor, never in the repository\n`,
    );
  } else {
    printed['private_jwk'] = privateJwk;
  }
  if (Object.keys(printed).length > 0) io.stdout(`${JSON.stringify(printed, null, 2)}\n`);
  return 0;
}
