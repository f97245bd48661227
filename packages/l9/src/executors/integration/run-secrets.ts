import { generateKeyPairSync, randomBytes } from 'node:crypto';

/**
 * The secrets every agent of one matrix run shares, fresh per run: the packet secret (so envelopes verify
 * across agents) and the audit keys a persisted audit log requires (its own HMAC key, never the packet secret,
 * and an Ed25519 signing key). The same set as `throwawaySecrets()` of @l9/runtime, made here because the l9
 * package does not load the runtime; an agent refuses to start on PostgreSQL without the audit keys.
 */
export function runSecrets(): Record<string, string> {
  return {
    L9_PACKET_SECRET: randomBytes(32).toString('hex'),
    L9_AUDIT_KEY: randomBytes(32).toString('hex'),
    L9_AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
