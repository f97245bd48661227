import fc from 'fast-check';
import { canonicalFormOf, signedCanonicalJson } from './canonical-envelope';
import { canonicalize } from './canonical-json';
import { createEnvelope } from './create-envelope';
import { JsonObject, PacketEnvelope } from './envelope-schema';
import { canonicalEnvelopeByteSize, envelopeByteSize } from './envelope-size';
import { computeSignature, signEnvelope } from './sign-envelope';

const SECRET = 'canonical-envelope-secret';
const json = fc.jsonValue({ maxDepth: 3 }).filter((value) => !Object.is(value, -0));
const payloads = fc.dictionary(fc.string(), json) as fc.Arbitrary<JsonObject>;

const envelopeOf = (payload: JsonObject, tags: string[] | undefined) =>
  createEnvelope({
    packet_type: 'score.request',
    source_agent: 'main-agent',
    destination_agent: 'tensoraios',
    payload,
    ...(tags ? { tags } : {}),
  });

describe('canonicalFormOf', () => {
  it('is byte-identical to canonicalize of the unsigned and the signed envelope, and sizes it like JSON.stringify', () => {
    fc.assert(
      fc.property(
        payloads,
        fc.option(fc.array(fc.string()), { nil: undefined }),
        fc.boolean(),
        (payload, tags, signed) => {
          const unsigned = envelopeOf(payload, tags);
          const envelope = signed ? signEnvelope(unsigned, SECRET) : unsigned;
          const form = canonicalFormOf(envelope);
          expect(form.payload).toBe(canonicalize(envelope.payload));
          expect(form.unsigned).toBe(canonicalize({ ...envelope, signature: undefined }));
          expect(signedCanonicalJson(form, envelope.signature)).toBe(canonicalize(envelope));
          expect(JSON.parse(signedCanonicalJson(form, envelope.signature))).toEqual(
            JSON.parse(JSON.stringify(envelope)),
          );
          expect(canonicalEnvelopeByteSize(form, envelope.signature)).toBe(envelopeByteSize(envelope));
        },
      ),
    );
  });

  it('still covers a member the v2 model does not have, so it cannot ride along unsigned', () => {
    const envelope = envelopeOf({ a: 1 }, undefined);
    const withExtra = { ...envelope, zz_extra: 'x', aa_extra: 'y' } as unknown as PacketEnvelope;
    expect(canonicalFormOf(withExtra).unsigned).toBe(canonicalize(withExtra));
    expect(computeSignature(withExtra, SECRET)).not.toBe(computeSignature(envelope, SECRET));
  });
});
