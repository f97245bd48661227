import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateAuditSigningKeyPem } from '../audit/audit-signing-key';
import { generateAnchorKeyPair, type AnchorPrivateJwk } from '../governance/anchor-keys';

/**
 * A fresh set of the secrets an agent with persisted state must have, as environment entries, for a local or
 * test run that nobody else joins: a packet secret, an audit HMAC key different from it, and an audit signing
 * key (PKCS#8 PEM). Every call makes new ones; a deployment keeps its own set in its secret store instead.
 */
export function throwawaySecrets(): Record<string, string> {
  return {
    L9_PACKET_SECRET: randomBytes(32).toString('hex'),
    L9_AUDIT_KEY: randomBytes(32).toString('hex'),
    L9_AUDIT_SIGNING_KEY: generateAuditSigningKeyPem().privateKeyPem,
  };
}

/**
 * A fresh key pair for each named anchor, for a local or test run: the public keys as an anchors file (a JWK
 * Set written to a new temporary directory, or to `directory`) named by `L9_ANCHORS_FILE`, and the private keys
 * by anchor name, to sign resolutions with (`signResolution`).
 */
export function throwawayAnchors(
  anchors: readonly string[],
  directory?: string,
): { env: { L9_ANCHORS_FILE: string }; privateKeys: Map<string, AnchorPrivateJwk> } {
  const pairs = anchors.map((anchor) => generateAnchorKeyPair(anchor));
  const file = join(directory ?? mkdtempSync(join(tmpdir(), 'l9-anchors-')), 'anchors.jwks.json');
  writeFileSync(file, `${JSON.stringify({ keys: pairs.map((pair) => pair.publicJwk) }, null, 2)}\n`);
  return {
    env: { L9_ANCHORS_FILE: file },
    privateKeys: new Map(pairs.map((pair) => [pair.privateJwk.kid, pair.privateJwk])),
  };
}
