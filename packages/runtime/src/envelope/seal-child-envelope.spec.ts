import { canonicalize } from './canonical-json';
import { createEnvelope } from './create-envelope';
import { deriveChildEnvelope } from './derive-child-envelope';
import { EnvelopeError } from './envelope-error';
import { JsonObject, PacketEnvelopeSchema } from './envelope-schema';
import { sealChildEnvelope } from './seal-child-envelope';
import { signEnvelope, verifyEnvelope } from './sign-envelope';

const SECRET = 'seal-child-envelope-secret';
const AT = Date.parse('2026-03-01T12:00:00.000Z');
const parent = signEnvelope(
  createEnvelope({
    packet_type: 'score.request',
    source_agent: 'main-agent',
    destination_agent: 'tensoraios',
    payload: { q: 'x' },
    governance_flags: ['pii'],
    priority: 'high',
  }),
  SECRET,
);
const input = {
  payload: { score: 0.75, items: [1, 'two', null, { nested: true }] },
  packet_type: 'score.result',
  source_agent: 'tensoraios',
  destination_agent: 'main-agent',
  at: AT,
};

describe('sealChildEnvelope', () => {
  it('builds what deriveChildEnvelope builds, valid under the schema, signed, with its JSON text', () => {
    const { envelope, json } = sealChildEnvelope(parent, input, SECRET);
    expect(PacketEnvelopeSchema.parse(envelope)).toEqual(envelope);
    expect(verifyEnvelope(envelope, SECRET)).toEqual({ status: 'ok' });
    expect(JSON.parse(json)).toEqual(envelope);
    expect(json).toBe(canonicalize(envelope));
    const derived = deriveChildEnvelope(parent, { ...input, timestamp: new Date(AT).toISOString() });
    const {
      packet_id: _id,
      metadata: { traceparent: _span, ...metadata },
      signature: _signature,
      ...rest
    } = envelope;
    const {
      packet_id: _id2,
      metadata: { traceparent: _span2, ...derivedMetadata },
      ...derivedRest
    } = derived;
    expect(rest).toEqual(derivedRest);
    expect(metadata).toEqual(derivedMetadata);
    expect(envelope.lineage).toEqual({
      parent_ids: [parent.packet_id],
      root_packet_id: parent.lineage.root_packet_id,
      generation: 1,
    });
  });

  it('leaves the child unsigned without a secret', () => {
    const { envelope, json } = sealChildEnvelope(parent, input, undefined);
    expect(envelope.signature).toBeUndefined();
    expect(PacketEnvelopeSchema.parse(JSON.parse(json))).toEqual(envelope);
    expect(verifyEnvelope(envelope, undefined)).toEqual({ status: 'ok' });
  });

  it('refuses a payload or field the schema would refuse, naming it', () => {
    expect(() =>
      sealChildEnvelope(parent, { ...input, payload: [1] as unknown as JsonObject }, SECRET),
    ).toThrow(EnvelopeError);
    expect(() => sealChildEnvelope(parent, { ...input, packet_type: '' }, SECRET)).toThrow(
      'packet_type: must be a non-empty string',
    );
    expect(() => sealChildEnvelope(parent, { ...input, payload: { bad: Number.NaN } }, SECRET)).toThrow(
      '$.bad is NaN',
    );
  });
});
