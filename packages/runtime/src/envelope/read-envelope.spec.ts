import { computeContentHash, createEnvelope } from './create-envelope';
import { readEnvelope } from './read-envelope';

const PACKET = '0b7f5a62-3f9e-4c55-9a1e-2f1f0b5d9a10';
const PARENT = '5f0c7c1e-8a59-4b0e-9f8e-3b8e1c1d2a33';
const THREAD = '9d8c7b6a-5f4e-4d3c-8b2a-190817263544';

function v11(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    packet_id: PACKET,
    packet_type: 'insight',
    timestamp: '2025-12-07T05:00:00Z',
    payload: { text: 'hello' },
    provenance: { source_agent: 'memory-agent', parent_packet: PARENT },
    confidence: { score: 0.9 },
    thread_id: THREAD,
    lineage: { parent_ids: [PARENT], derivation_type: 'inference', generation: 3 },
    tags: ['a', 'b'],
    ttl: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

describe('readEnvelope', () => {
  it('returns a valid v2 envelope unchanged', () => {
    const envelope = createEnvelope({
      packet_type: 't',
      source_agent: 'a',
      destination_agent: 'b',
      payload: { n: 1 },
    });
    expect(readEnvelope(JSON.parse(JSON.stringify(envelope)))).toEqual(envelope);
  });

  it('names the invalid or unknown field of a v2 envelope', () => {
    const envelope = createEnvelope({
      packet_type: 't',
      source_agent: 'a',
      destination_agent: 'b',
      payload: {},
    });
    expect(() => readEnvelope({ ...envelope, packet_id: 'nope' })).toThrow(/^packet_id: /);
    expect(() => readEnvelope({ ...envelope, extra: 1 })).toThrow('extra: is not a field of a v2 envelope');
    expect(() =>
      readEnvelope({ ...envelope, metadata: { ...envelope.metadata, traceparent: '01-xyz' } }),
    ).toThrow(/^metadata\.traceparent: .*W3C/);
  });

  it('upgrades a v1.1 memory envelope, mapping every field and keeping what v2 has no slot for', () => {
    const upgraded = readEnvelope(v11(), { destinationAgent: 'main-agent' });
    expect(upgraded).toMatchObject({
      packet_id: PACKET,
      packet_type: 'insight',
      version: '2.0',
      timestamp: '2025-12-07T05:00:00.000Z',
      source_agent: 'memory-agent',
      destination_agent: 'main-agent',
      payload: { text: 'hello' },
      lineage: { parent_ids: [PARENT], root_packet_id: PARENT, generation: 3 },
      content_hash: computeContentHash({ text: 'hello' }),
      metadata: {
        trace_id: THREAD.replace(/-/g, ''),
        priority: 'normal',
        governance_flags: [],
        tags: ['a', 'b'],
        expires_at: '2026-01-01T00:00:00.000Z',
        legacy: {
          source_version: 'unversioned',
          thread_id: THREAD,
          confidence: { score: 0.9 },
          derivation_type: 'inference',
        },
      },
    });
    expect(upgraded.signature).toBeUndefined();
  });

  it('upgrades a v1.0 kernel envelope whose parent is in provenance', () => {
    const upgraded = readEnvelope({
      packet_id: PACKET,
      packet_type: 'TaskEnvelope',
      version: '1.0.0',
      timestamp: '2025-12-06T00:00:00Z',
      payload: {},
      provenance: { source_agent: 'l', parent_packet: PARENT },
      metadata: { destination_agent: 'exec', priority: 'high' },
    });
    expect(upgraded.lineage).toEqual({ parent_ids: [PARENT], root_packet_id: PARENT, generation: 1 });
    expect(upgraded.destination_agent).toBe('exec');
    expect(upgraded.metadata.priority).toBe('high');
    expect(upgraded.metadata.legacy).toEqual({
      source_version: '1.0.0',
      provenance: { source_agent: 'l', parent_packet: PARENT },
    });
  });

  it.each([
    [{ packet_id: undefined }, 'packet_id: is required'],
    [{ packet_id: 'x' }, 'packet_id: must be a UUID'],
    [{ payload: [1] }, 'payload: is required and must be a JSON object'],
    [{ timestamp: 'yesterday' }, 'timestamp: is not a valid date-time'],
    [{ provenance: {} }, 'provenance.source_agent: is required'],
    [{ lineage: { parent_ids: ['bad'] } }, 'lineage.parent_ids.0: must be a UUID'],
    [{ metadata: { priority: 'urgent' } }, 'metadata.priority: must be one of'],
    [{ version: '1.1.0', mood: 'happy' }, 'mood: is not a field of a v1.0/v1.1 envelope'],
  ])('fails an invalid v1 envelope %j with a message naming the field', (overrides, message) => {
    expect(() => readEnvelope(v11(overrides), { destinationAgent: 'main-agent' })).toThrow(message);
  });

  it('needs a destination for a v1 envelope that names none', () => {
    expect(() => readEnvelope(v11())).toThrow('destination_agent: is required');
  });

  it('rejects unknown versions and non-objects', () => {
    expect(() => readEnvelope({ version: '3.0' })).toThrow('version: unsupported envelope version "3.0"');
    expect(() => readEnvelope([1])).toThrow('(envelope): must be a JSON object');
  });
});
