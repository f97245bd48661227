import { createHmac, hkdfSync } from 'node:crypto';

/**
 * A caller token for the matrix run itself, so it may read the escalations of agents whose packet auth is on: the
 * runtime's format (`issueCallerToken` of @l9/runtime: a compact JWS, HS256, `typ: l9-caller+jwt`, key derived from
 * the packet secret with HKDF-SHA256, info `l9 caller token v1`; claims sub, aud, iat, exp). Made here because the
 * l9 package does not load the runtime; a spec verifies it with the runtime's own `verifyCallerToken`.
 */
export function matrixCallerToken(
  secret: string,
  agentId: string,
  caller = 'l9-integration-matrix',
  ttlSeconds = 3600,
  now = Date.now(),
): string {
  const key = Buffer.from(
    hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), 'l9 caller token v1', 32),
  );
  const encode = (value: object) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  const issuedAt = Math.floor(now / 1000);
  const signingInput = `${encode({ alg: 'HS256', typ: 'l9-caller+jwt' })}.${encode({ sub: caller, aud: agentId, iat: issuedAt, exp: issuedAt + ttlSeconds })}`;
  return `${signingInput}.${createHmac('sha256', key).update(signingInput).digest('base64url')}`;
}
