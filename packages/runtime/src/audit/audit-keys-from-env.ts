import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/config-error';
import { sameSecret } from '../crypto/same-secret';
import { auditSigningKeyFromPem, ephemeralAuditSigningKey, type AuditSigningKey } from './audit-signing-key';

/** Shortest `L9_AUDIT_KEY` accepted: 32 characters, what `openssl rand -hex 16` prints, and no guessable phrase. */
export const MIN_AUDIT_KEY_LENGTH = 32;

const MAKE_AUDIT_KEY = 'make one with `openssl rand -hex 32`';
const MAKE_SIGNING_KEY = 'make one with `npx l9-runtime audit keygen`';

export interface AuditKeys {
  /** HMAC key of the entry chain. */
  hmacKey: string;
  signingKey: AuditSigningKey;
}

/**
 * The audit log's two keys from the environment. A persisted log (`persistedAt` names where) must have both:
 * `L9_AUDIT_KEY`, a secret of its own that is never the packet secret every peer holds, and an Ed25519 signing
 * key (`L9_AUDIT_SIGNING_KEY` PEM text, or `L9_AUDIT_SIGNING_KEY_FILE`). An in-memory log, which dies with the
 * process, takes random per-process keys for what is unset. Errors name the variable and how to make a value,
 * never the value.
 */
export function auditKeysFromEnv(
  env: NodeJS.ProcessEnv,
  options: { persistedAt?: string; packetSecret?: string; random: () => string },
): AuditKeys {
  const configured = env['L9_AUDIT_KEY'] || undefined;
  const signingKey = signingKeyFromEnv(env, options.persistedAt);
  if (configured === undefined) {
    if (options.persistedAt) {
      throw new ConfigError(
        'L9_AUDIT_KEY',
        `is required for the audit log at ${options.persistedAt}: set it to a random secret of at least ${MIN_AUDIT_KEY_LENGTH} characters that only this agent holds (never L9_PACKET_SECRET); ${MAKE_AUDIT_KEY}`,
      );
    }
    return { hmacKey: options.random(), signingKey };
  }
  if (configured.length < MIN_AUDIT_KEY_LENGTH) {
    throw new ConfigError(
      'L9_AUDIT_KEY',
      `must be at least ${MIN_AUDIT_KEY_LENGTH} characters (it keys the audit log's HMAC chain); ${MAKE_AUDIT_KEY}`,
    );
  }
  if (options.packetSecret !== undefined && sameSecret(configured, options.packetSecret)) {
    throw new ConfigError(
      'L9_AUDIT_KEY',
      `must differ from L9_PACKET_SECRET: every peer holds the packet secret, and whoever holds the audit key can rewrite the log; ${MAKE_AUDIT_KEY}`,
    );
  }
  return { hmacKey: configured, signingKey };
}

function signingKeyFromEnv(env: NodeJS.ProcessEnv, persistedAt: string | undefined): AuditSigningKey {
  const text = env['L9_AUDIT_SIGNING_KEY'] || undefined;
  const file = env['L9_AUDIT_SIGNING_KEY_FILE'] || undefined;
  if (text !== undefined && file !== undefined) {
    throw new ConfigError('L9_AUDIT_SIGNING_KEY', 'and L9_AUDIT_SIGNING_KEY_FILE are both set: set only one');
  }
  if (text !== undefined) return parse('L9_AUDIT_SIGNING_KEY', () => text.replace(/\\n/g, '\n'));
  if (file !== undefined) return parse('L9_AUDIT_SIGNING_KEY_FILE', () => readKeyFile(file));
  if (persistedAt) {
    throw new ConfigError(
      'L9_AUDIT_SIGNING_KEY',
      `is required for the audit log at ${persistedAt}: set it to an Ed25519 private key (PKCS#8 PEM), or L9_AUDIT_SIGNING_KEY_FILE to a file holding one; ${MAKE_SIGNING_KEY}`,
    );
  }
  return ephemeralAuditSigningKey();
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      'L9_AUDIT_SIGNING_KEY_FILE',
      `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
}

function parse(variable: string, pem: () => string): AuditSigningKey {
  try {
    return auditSigningKeyFromPem(pem(), 'the key');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      variable,
      `${(error as Error).message.replace(/^the key /, '')}; ${MAKE_SIGNING_KEY}`,
    );
  }
}
