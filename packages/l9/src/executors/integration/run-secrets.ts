import { ed25519PrivateKeyPem, randomSecret } from '../../deploy';

/**
 * The secrets every agent of one matrix run shares, fresh per run: the packet secret (so envelopes verify
 * across agents) and the audit keys a persisted audit log requires (its own HMAC key, never the packet secret,
 * and an Ed25519 signing key). The same set as `throwawaySecrets()` of @l9/runtime, made here because the l9
 * package does not load the runtime; an agent refuses to start on PostgreSQL without the audit keys.
 */
export function runSecrets(): Record<string, string> {
  return {
    L9_PACKET_SECRET: randomSecret(),
    L9_AUDIT_KEY: randomSecret(),
    L9_AUDIT_SIGNING_KEY: ed25519PrivateKeyPem(),
  };
}
