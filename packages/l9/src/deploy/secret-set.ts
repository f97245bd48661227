import { generateKeyPairSync, randomBytes } from 'node:crypto';

/** One agent's own secrets: its audit log's HMAC key and Ed25519 signing key, and its Agent Card's Ed25519 signing key (PKCS#8 PEM). */
export interface AgentSecrets {
  auditKey: string;
  auditSigningKeyPem: string;
  agentSigningKeyPem: string;
}

/** Every secret an ecosystem's agents need besides their backends: one packet secret, audit keys per agent. */
export interface SecretSet {
  packetSecret: string;
  agents: Record<string, AgentSecrets>;
}

/** An anchor's key pair as the runtime reads it: public and private JWK (RFC 8037), `kid` the anchor's name. */
export interface AnchorKeyPair {
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; alg: 'EdDSA'; use: 'sig' };
  privateJwk: AnchorKeyPair['publicJwk'] & { d: string };
}

/** 32 random bytes in hex: the form `openssl rand -hex 32` prints, accepted by every secret the runtime reads. */
export const randomSecret = (): string => randomBytes(32).toString('hex');

export function ed25519PrivateKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** A fresh set for these agents; the audit keys always differ from the packet secret (each is random). */
export function newSecretSet(agentIds: readonly string[]): SecretSet {
  return {
    packetSecret: randomSecret(),
    agents: Object.fromEntries(
      agentIds.map((id) => [
        id,
        {
          auditKey: randomSecret(),
          auditSigningKeyPem: ed25519PrivateKeyPem(),
          agentSigningKeyPem: ed25519PrivateKeyPem(),
        },
      ]),
    ),
  };
}

/** A fresh key pair for an anchor, in the format `l9-runtime anchor keygen` writes. */
export function newAnchorKeyPair(anchor: string): AnchorKeyPair {
  const exported = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as {
    x: string;
    d: string;
  };
  const publicJwk = {
    kty: 'OKP',
    crv: 'Ed25519',
    x: exported.x,
    kid: anchor.trim(),
    alg: 'EdDSA',
    use: 'sig',
  } as const;
  return { publicJwk, privateJwk: { ...publicJwk, d: exported.d } };
}
