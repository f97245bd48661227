import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { ConfigError } from '../config/config-error';

export const AGENT_SIGNING_KEY_VARIABLE = 'L9_AGENT_SIGNING_KEY';
export const AGENT_SIGNING_KEY_FILE_VARIABLE = 'L9_AGENT_SIGNING_KEY_FILE';
const MAKE_KEY = 'make one with `openssl genpkey -algorithm ed25519 -out agent-signing.pem`';

/**
 * The Ed25519 key an agent signs its A2A Agent Card with: its own identity towards other vendors' agents. It is
 * neither the audit signing key (which attests the log) nor the packet secret (which every peer shares).
 */
export interface AgentSigningKey {
  readonly privateKey: KeyObject;
  /** The public half as a JWK with its `kid`, `alg` and `use`: what the agent's JWKS publishes. */
  readonly publicJwk: JWK & { kid: string };
  /** The RFC 7638 thumbprint of the public key: the `kid` of every signature. */
  readonly kid: string;
  /** True when no key was configured and this one lives only as long as the process. */
  readonly ephemeral: boolean;
}

/**
 * The agent's card signing key from `L9_AGENT_SIGNING_KEY` (PKCS#8 PEM text; `\n` escapes allowed, as env files
 * write them) or `L9_AGENT_SIGNING_KEY_FILE`. Neither set: a fresh key for this process only (`ephemeral`), so
 * a local run works, but a client that pinned the key sees another one after every restart; deployments set
 * the variable. Errors name the variable and how to make a key, never the key.
 */
export async function agentSigningKeyFromEnv(env: NodeJS.ProcessEnv): Promise<AgentSigningKey> {
  const text = env[AGENT_SIGNING_KEY_VARIABLE] || undefined;
  const file = env[AGENT_SIGNING_KEY_FILE_VARIABLE] || undefined;
  if (text !== undefined && file !== undefined) {
    throw new ConfigError(
      AGENT_SIGNING_KEY_VARIABLE,
      `and ${AGENT_SIGNING_KEY_FILE_VARIABLE} are both set: set only one`,
    );
  }
  if (text !== undefined)
    return signingKeyFrom(parsePrivateKey(AGENT_SIGNING_KEY_VARIABLE, text.replace(/\\n/g, '\n')), false);
  if (file !== undefined)
    return signingKeyFrom(parsePrivateKey(AGENT_SIGNING_KEY_FILE_VARIABLE, readKeyFile(file)), false);
  return signingKeyFrom(generateKeyPairSync('ed25519').privateKey, true);
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      AGENT_SIGNING_KEY_FILE_VARIABLE,
      `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
}

function parsePrivateKey(variable: string, pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new ConfigError(
      variable,
      `is not a PEM private key (expected "-----BEGIN PRIVATE KEY-----", PKCS#8 Ed25519); ${MAKE_KEY}`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(
      variable,
      `is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key; the agent card is signed with Ed25519; ${MAKE_KEY}`,
    );
  }
  return key;
}

async function signingKeyFrom(privateKey: KeyObject, ephemeral: boolean): Promise<AgentSigningKey> {
  const { kty, crv, x } = createPublicKey(privateKey).export({ format: 'jwk' });
  const base = { kty: String(kty), crv: String(crv), x: String(x) };
  const kid = await calculateJwkThumbprint(base, 'sha256');
  return { privateKey, publicJwk: { ...base, kid, alg: 'EdDSA', use: 'sig' }, kid, ephemeral };
}
