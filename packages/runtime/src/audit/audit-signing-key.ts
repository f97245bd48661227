import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** The Ed25519 key that signs an audit log's heads and checkpoints. Whoever verifies needs only `publicKey`. */
export interface AuditSigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The raw 32-byte public key, base64url: what a signed head names as its signer. */
  readonly publicKeyId: string;
}

/** A fresh key pair as PEM text: PKCS#8 for `L9_AUDIT_SIGNING_KEY`, SPKI for verifiers. */
export function generateAuditSigningKeyPem(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A key that lives only as long as the process: for in-memory logs, whose heads nobody checks after a restart. */
export function ephemeralAuditSigningKey(): AuditSigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return signingKeyFrom(privateKey);
}

/**
 * Reads an Ed25519 private key from PKCS#8 PEM text. `source` names where it came from (a variable or file) in
 * the error, which never repeats the text itself.
 */
export function auditSigningKeyFromPem(pem: string, source: string): AuditSigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error(
      `${source} is not a PEM private key (expected "-----BEGIN PRIVATE KEY-----", PKCS#8 Ed25519)`,
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `${source} is a ${privateKey.asymmetricKeyType ?? 'non-asymmetric'} key; audit heads are signed with Ed25519`,
    );
  }
  return signingKeyFrom(privateKey);
}

/**
 * Reads the public key a verifier pins: SPKI PEM ("BEGIN PUBLIC KEY"), or the private key's PEM, whose public
 * half is derived.
 */
export function auditPublicKeyFromPem(pem: string, source: string): KeyObject {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error(`${source} is not a PEM Ed25519 key (expected "-----BEGIN PUBLIC KEY-----")`);
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `${source} is a ${publicKey.asymmetricKeyType ?? 'non-asymmetric'} key; audit heads are signed with Ed25519`,
    );
  }
  return publicKey;
}

/** The raw public key, base64url (the JWK `x` member). */
export function publicKeyId(publicKey: KeyObject): string {
  const { x } = publicKey.export({ format: 'jwk' });
  if (typeof x !== 'string') throw new Error('not an Ed25519 public key');
  return x;
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

function signingKeyFrom(privateKey: KeyObject): AuditSigningKey {
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyId: publicKeyId(publicKey) };
}
