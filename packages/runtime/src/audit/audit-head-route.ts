import type { FastifyInstance } from 'fastify';
import { publicKeyId, publicKeyPem } from './audit-signing-key';
import type { AuditLog } from './audit-log';

/**
 * `GET /<prefix>/audit/head`: the audit log's latest signed head and the public key that signs it, for
 * witnesses and verifiers. Both are public by design: the head is a hash, the key only verifies.
 */
export function registerAuditHeadRoute(
  app: FastifyInstance,
  log: Pick<AuditLog, 'signedHead' | 'publicKey'>,
  prefix: string,
): void {
  app.get(`/${prefix}/audit/head`, async () => ({
    algorithm: 'Ed25519',
    public_key: publicKeyId(log.publicKey),
    public_key_pem: publicKeyPem(log.publicKey),
    head: log.signedHead ?? null,
  }));
}
