import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalize } from '../envelope/canonical-json';
import type { AuditSigningKey } from './audit-signing-key';
import type { SignedAuditHead } from './audit-types';

export type UnsignedAuditHead = Omit<SignedAuditHead, 'signature' | 'public_key'>;

/** The signed bytes: every field but the signature, tagged so no other L9 signature can be passed off as a head. */
function signedBytes(head: Omit<SignedAuditHead, 'signature'>): Buffer {
  const { log, seq, head_hash, at, checkpoint_every, public_key } = head;
  return Buffer.from(
    canonicalize({ type: 'l9.audit.head', log, seq, head_hash, at, checkpoint_every, public_key }),
    'utf8',
  );
}

export function signAuditHead(head: UnsignedAuditHead, key: AuditSigningKey): SignedAuditHead {
  const withKey = { ...head, public_key: key.publicKeyId };
  return { ...withKey, signature: sign(null, signedBytes(withKey), key.privateKey).toString('base64url') };
}

/** True when `head` was signed by the private half of `publicKey` and names that key as its signer. */
export function auditHeadSignedBy(head: SignedAuditHead, publicKey: KeyObject, publicKeyId: string): boolean {
  if (head.public_key !== publicKeyId) return false;
  try {
    return verify(null, signedBytes(head), publicKey, Buffer.from(head.signature, 'base64url'));
  } catch {
    return false;
  }
}
