import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { keyIdOf } from './dsse-envelope';

/** Where the workspace key lives, relative to the workspace root; `.l9/` is git-ignored. */
export const WORKSPACE_EVIDENCE_KEY = '.l9/evidence-key.pem';

export interface EvidenceKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  keyid: string;
  /** `env` for a PEM in L9_EVIDENCE_KEY, `env-file` for a path there, else the workspace key (`created` on first use). */
  source: 'env' | 'env-file' | 'workspace' | 'created';
}

export interface EvidenceKeyOptions {
  env: Readonly<Record<string, string | undefined>>;
  workspaceRoot: string;
}

/**
 * The Ed25519 key that signs evidence. `L9_EVIDENCE_KEY` wins, holding a PEM private key or the path to
 * one (relative paths from the workspace root) — for CI, where the key comes from a secret. Otherwise
 * the workspace key, created on first use readable by its owner only.
 */
export function loadOrCreateEvidenceKey({ env, workspaceRoot }: EvidenceKeyOptions): EvidenceKey {
  const configured = env['L9_EVIDENCE_KEY']?.trim();
  if (configured) {
    if (configured.includes('-----BEGIN')) return describe(parseKey(configured, 'L9_EVIDENCE_KEY'), 'env');
    const path = isAbsolute(configured) ? configured : resolve(workspaceRoot, configured);
    if (!existsSync(path))
      throw new Error(
        `L9_EVIDENCE_KEY names ${path}, which does not exist (it must hold a PEM Ed25519 private key or be the key itself)`,
      );
    return describe(parseKey(readFileSync(path, 'utf8'), path), 'env-file');
  }
  const path = join(workspaceRoot, WORKSPACE_EVIDENCE_KEY);
  if (existsSync(path)) return describe(parseKey(readFileSync(path, 'utf8'), path), 'workspace');
  return createWorkspaceKey(path);
}

function parseKey(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`${where} does not hold a PEM private key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`${where} holds a ${key.asymmetricKeyType} key; evidence is signed with Ed25519`);
  return key;
}

function describe(privateKey: KeyObject, source: EvidenceKey['source']): EvidenceKey {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyid: keyIdOf(publicKey),
    source,
  };
}

/**
 * Writes a new key to a private temporary file and links it into place: the link fails if another
 * process (a parallel Nx task) created the key first, and then that key is the one used, so every task
 * of a run signs with the same key and no reader ever sees a half-written file.
 */
function createWorkspaceKey(path: string): EvidenceKey {
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(temporary, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  chmodSync(temporary, 0o600);
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return describe(parseKey(readFileSync(path, 'utf8'), path), 'workspace');
  } finally {
    unlinkSync(temporary);
  }
  return describe(privateKey, 'created');
}
