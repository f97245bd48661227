import {
  dsseEnvelopeSchema,
  envelopePayload,
  envelopeSignatureValid,
  IN_TOTO_PAYLOAD_TYPE,
} from './dsse-envelope';
import { parseEvidenceStatement, type EvidenceStatement } from './evidence-statement';

/**
 * The statement inside a signed envelope, after its signature was checked against `publicKeyPem`: what
 * the renderers are given, so every rendered file shows only what was signed.
 */
export function openSignedStatement(signedStatement: unknown, publicKeyPem: string): EvidenceStatement {
  const envelope = dsseEnvelopeSchema.safeParse(signedStatement);
  if (!envelope.success)
    throw new Error(
      'not a signed statement: expected a DSSE envelope with payloadType, payload and signatures',
    );
  if (envelope.data.payloadType !== IN_TOTO_PAYLOAD_TYPE)
    throw new Error(`payload type is ${envelope.data.payloadType}, expected ${IN_TOTO_PAYLOAD_TYPE}`);
  if (!envelopeSignatureValid(envelope.data, publicKeyPem))
    throw new Error('the statement signature does not verify with the given public key');
  return parseEvidenceStatement(envelopePayload(envelope.data));
}
