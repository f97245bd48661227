import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import * as z from 'zod';
import { canonicalize, sha256Hex } from '@l9/runtime/shared';
import type { EvidenceStatement } from './evidence-statement';

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** A DSSE envelope: the payload bytes in base64 and the signatures over their pre-authentication encoding. */
export const dsseEnvelopeSchema = z.strictObject({
  payloadType: z.string().min(1),
  payload: z.string(),
  signatures: z.array(z.strictObject({ keyid: z.string(), sig: z.string() })).min(1),
});

export type DsseEnvelope = z.infer<typeof dsseEnvelopeSchema>;

/**
 * DSSE v1 pre-authentication encoding: `DSSEv1 <len(type)> <type> <len(body)> <body>`, lengths in bytes.
 * Signing this instead of the bare payload binds the payload type into the signature.
 */
export function preAuthEncoding(payloadType: string, body: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${body.length} `, 'utf8'),
    body,
  ]);
}

/** sha256 (hex) of a public key's SubjectPublicKeyInfo DER: the key id signatures carry. */
export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return sha256Hex(key.export({ type: 'spki', format: 'der' }));
}

/** Signs the canonical JSON of `statement` with an Ed25519 private key. */
export function signStatement(statement: EvidenceStatement, privateKey: KeyObject): DsseEnvelope {
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `the evidence key must be Ed25519, got ${privateKey.asymmetricKeyType ?? 'a symmetric key'}`,
    );
  const body = Buffer.from(canonicalize(statement), 'utf8');
  const sig = sign(null, preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, body), privateKey);
  return {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: body.toString('base64'),
    signatures: [{ keyid: keyIdOf(createPublicKey(privateKey)), sig: sig.toString('base64') }],
  };
}

/**
 * Whether a signature of the envelope made by `publicKeyPem`'s key verifies over the payload as stored.
 * Only signatures carrying that key's id count, so a statement signed by another key never passes.
 */
export function envelopeSignatureValid(envelope: DsseEnvelope, publicKeyPem: string): boolean {
  const publicKey = createPublicKey(publicKeyPem);
  if (publicKey.asymmetricKeyType !== 'ed25519') return false;
  const keyid = keyIdOf(publicKey);
  const message = preAuthEncoding(envelope.payloadType, Buffer.from(envelope.payload, 'base64'));
  return envelope.signatures.some(
    (s) => s.keyid === keyid && verify(null, message, publicKey, Buffer.from(s.sig, 'base64')),
  );
}

/** The payload of an envelope, decoded to the JSON value it holds. */
export function envelopePayload(envelope: DsseEnvelope): unknown {
  return JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
}
