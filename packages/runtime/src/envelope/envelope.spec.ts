import { computeContentHash, createEnvelope } from './create-envelope';
import { deriveChildEnvelope } from './derive-child-envelope';
import { checkEnvelopeSize, DEFAULT_MAX_ENVELOPE_BYTES, envelopeByteSize } from './envelope-size';
import { PacketEnvelopeSchema } from './envelope-schema';
import { signEnvelope, verifyEnvelope } from './sign-envelope';

const SECRET = 'test-secret-envelope';

function sample() {
  return createEnvelope({
    packet_type: 'score.request',
    source_agent: 'main-agent',
    destination_agent: 'tensoraios',
    payload: { items: [1, 2], query: 'x' },
  });
}

describe('createEnvelope', () => {
  it('builds a valid v2 root envelope with a W3C traceparent on its trace', () => {
    const envelope = sample();
    expect(PacketEnvelopeSchema.parse(envelope)).toEqual(envelope);
    expect(envelope.version).toBe('2.0');
    expect(envelope.lineage).toEqual({ parent_ids: [], root_packet_id: envelope.packet_id, generation: 0 });
    expect(envelope.metadata.traceparent).toMatch(
      new RegExp(`^00-${envelope.metadata.trace_id}-[0-9a-f]{16}-01$`),
    );
    expect(envelope.content_hash).toBe(computeContentHash({ query: 'x', items: [1, 2] }));
    expect(envelope.signature).toBeUndefined();
  });

  it('rejects an invalid source agent', () => {
    expect(() =>
      createEnvelope({ packet_type: 't', source_agent: '', destination_agent: 'b', payload: {} }),
    ).toThrow('source_agent');
  });
});

describe('signEnvelope / verifyEnvelope', () => {
  it('accepts its own signature', () => {
    expect(verifyEnvelope(signEnvelope(sample(), SECRET), SECRET)).toEqual({ status: 'ok' });
  });

  it('reports an unsigned envelope when a secret is configured', () => {
    expect(verifyEnvelope(sample(), SECRET)).toEqual({ status: 'unsigned' });
  });

  it('reports a signature made with another secret or over other fields', () => {
    const signed = signEnvelope(sample(), SECRET);
    expect(verifyEnvelope(signed, 'other-secret')).toEqual({ status: 'bad_signature' });
    expect(verifyEnvelope({ ...signed, destination_agent: 'someone-else' }, SECRET)).toEqual({
      status: 'bad_signature',
    });
    expect(verifyEnvelope({ ...signed, signature: 'ab'.repeat(31) }, SECRET)).toEqual({
      status: 'bad_signature',
    });
  });

  it('reports a payload that no longer matches its content hash before looking at the signature', () => {
    const signed = signEnvelope(sample(), SECRET);
    const result = verifyEnvelope({ ...signed, payload: { ...signed.payload, query: 'y' } }, SECRET);
    expect(result.status).toBe('content_mismatch');
  });

  it('does not depend on the order keys arrive in', () => {
    const signed = signEnvelope(sample(), SECRET);
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(signed).reverse())));
    expect(verifyEnvelope(reordered, SECRET)).toEqual({ status: 'ok' });
  });

  it('refuses to sign with an empty secret', () => {
    expect(() => signEnvelope(sample(), '')).toThrow('secret is empty');
  });
});

describe('deriveChildEnvelope', () => {
  it('records the parent, keeps trace and root, and increments the generation', () => {
    const parent = sample();
    const child = deriveChildEnvelope(parent, {
      payload: { score: 0.5 },
      source_agent: 'tensoraios',
      destination_agent: 'main-agent',
    });
    const grandchild = deriveChildEnvelope(child, { payload: {}, extra_parent_ids: [parent.packet_id] });
    expect(child.packet_id).not.toBe(parent.packet_id);
    expect(child.lineage).toEqual({
      parent_ids: [parent.packet_id],
      root_packet_id: parent.packet_id,
      generation: 1,
    });
    expect(child.metadata.trace_id).toBe(parent.metadata.trace_id);
    expect(child.metadata.traceparent).not.toBe(parent.metadata.traceparent);
    expect(child.content_hash).toBe(computeContentHash({ score: 0.5 }));
    expect(grandchild.lineage).toEqual({
      parent_ids: [child.packet_id, parent.packet_id],
      root_packet_id: parent.packet_id,
      generation: 2,
    });
    expect(grandchild.signature).toBeUndefined();
  });
});

describe('envelope size', () => {
  it('counts UTF-8 bytes of the serialized envelope and checks them against the limit', () => {
    const small = sample();
    expect(envelopeByteSize(small)).toBe(Buffer.byteLength(JSON.stringify(small)));
    expect(checkEnvelopeSize(small)).toEqual({ ok: true, bytes: envelopeByteSize(small) });
    const big = createEnvelope({
      packet_type: 't',
      source_agent: 'a',
      destination_agent: 'b',
      payload: { text: 'é'.repeat(DEFAULT_MAX_ENVELOPE_BYTES / 2) },
    });
    expect(checkEnvelopeSize(big)).toEqual({
      ok: false,
      bytes: envelopeByteSize(big),
      limit: DEFAULT_MAX_ENVELOPE_BYTES,
    });
    expect(checkEnvelopeSize(small, 100).ok).toBe(false);
  });
});

describe('signature canonical form', () => {
  it('equals the HMAC of the canonical JSON of the whole unsigned envelope', () => {
    const { createHmac } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const { canonicalize } = jest.requireActual<typeof import('./canonical-json')>('./canonical-json');
    const envelope = deriveChildEnvelope(sample(), { payload: { nested: { b: [1, { z: 'é' }], a: null } } });
    const signed = signEnvelope(envelope, SECRET);
    expect(signed.signature).toBe(createHmac('sha256', SECRET).update(canonicalize(envelope)).digest('hex'));
  });
});
