import { randomBytes } from 'node:crypto';
import { generateAuditSigningKeyPem } from '../audit/audit-signing-key';

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
