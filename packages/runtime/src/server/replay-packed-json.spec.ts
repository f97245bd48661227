import { randomBytes, randomUUID } from 'node:crypto';
import { packJson, unpackJson } from './replay-packed-json';

const roundTrip = (json: string) => unpackJson(packJson(json));

/** A signed answer of POST /packets, its keys in canonical order. */
const signedAnswer = () => ({
  content_hash: randomBytes(32).toString('hex'),
  destination_agent: 'bench-peer',
  lineage: { generation: 1, parent_ids: [randomUUID()], root_packet_id: randomUUID() },
  metadata: {
    governance_flags: [],
    priority: 'normal',
    trace_id: randomBytes(16).toString('hex'),
    traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
  },
  packet_id: randomUUID(),
  packet_type: 'tensor-scorer.result',
  payload: { accepted: true, episode_id: randomUUID(), module: 'tensor-scorer' },
  signature: randomBytes(32).toString('hex'),
  source_agent: 'tensoraios',
  timestamp: '2026-12-06T15:21:12.221Z',
  version: '2.0',
});

describe('packJson', () => {
  it("gives back a signed envelope's text byte for byte, in fewer characters", () => {
    const json = JSON.stringify(signedAnswer());
    const packed = packJson(json);
    expect(packed.packed).toBe(true);
    expect(packed.text.length).toBeLessThan(json.length * 0.75);
    expect(unpackJson(packed)).toBe(json);
  });

  it('gives back hex runs of every length around the packed bounds, odd and even, next to each other', () => {
    for (const length of [1, 15, 16, 17, 36, 509, 510, 511, 1021, 1022]) {
      const hex = randomBytes(length).toString('hex').slice(0, length);
      for (const json of [`"${hex}"`, `${hex}`, `["${hex}${randomUUID()}${hex}"]`, `"${randomUUID()}${hex}"`])
        expect(roundTrip(json)).toBe(json);
    }
  });

  it('keeps upper-case hex and UUIDs as text, and gives them back', () => {
    const json = `{"id":"${randomUUID().toUpperCase()}","hash":"${randomBytes(32).toString('hex').toUpperCase()}"}`;
    expect(packJson(json).text).toBe(json);
    expect(roundTrip(json)).toBe(json);
  });

  it('keeps text it could not mark unambiguously as it is', () => {
    for (const json of [
      `"\u0001${'ab'.repeat(20)}"`,
      `"\u0002"`,
      `{"error":"\u0003"}`,
      `"\u001f"`,
      `"≤ ${'ab'.repeat(20)}"`,
    ]) {
      expect(packJson(json)).toEqual({ text: json, packed: false });
      expect(roundTrip(json)).toBe(json);
    }
  });

  it('packs the phrases of an answer, a signed one to less than half, pretty-printed text too', () => {
    const signed = JSON.stringify(signedAnswer());
    expect(packJson(signed).text.length).toBeLessThan(signed.length / 2);
    const error = JSON.stringify({
      error: 'replay_conflict',
      message: 'packet was already received',
      packet_id: randomUUID(),
    });
    expect(packJson(error).text.length).toBeLessThan(error.length - 30);
    const pretty = JSON.stringify(signedAnswer(), null, '\t');
    expect(roundTrip(pretty)).toBe(pretty);
    expect(roundTrip(error)).toBe(error);
  });

  it('gives back random JSON of hex, UUIDs, phrases and other characters', () => {
    const pieces = () => [
      randomUUID(),
      randomBytes(1 + (randomBytes(1)[0]! % 40)).toString('hex'),
      '-',
      '"',
      'xyz',
      'é',
      '0',
      '\t\n\r',
      '{"content_hash":"',
      '","traceparent":"00-',
      '","version":"2.0"}',
      '","packet_id":"',
    ];
    for (let sample = 0; sample < 200; sample += 1) {
      const choices = pieces();
      const json = Array.from({ length: 12 }, () => choices[randomBytes(1)[0]! % choices.length]).join('');
      expect(roundTrip(json)).toBe(json);
    }
  });
});
