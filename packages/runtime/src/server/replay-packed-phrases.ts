/**
 * The phrases every answer of `POST /<prefix>/packets` spells out, each kept by the replay cache as one control
 * character (replay-packed-json.ts): a signed envelope's keys in the canonical order the server writes them,
 * with the punctuation between them, and the keys of an error body. About 280 of a signed answer's characters.
 * A phrase an answer does not hold costs nothing, so a change to the envelope only packs less, never wrongly.
 */
export const PACKED_PHRASES: readonly string[] = [
  '{"content_hash":"',
  '","destination_agent":"',
  '","lineage":{"generation":',
  ',"parent_ids":["',
  '"],"root_packet_id":"',
  '"},"metadata":{"governance_flags":[',
  '],"priority":"',
  '","trace_id":"',
  '","traceparent":"00-',
  '"},"packet_id":"',
  '","packet_type":"',
  '","payload":{',
  '},"signature":"',
  '","source_agent":"',
  '","timestamp":"',
  '","version":"2.0"}',
  '{"error":"',
  '","message":"',
  '","packet_id":"',
];

/**
 * The characters that stand for the phrases: control characters JSON text never holds raw, past the two that
 * mark packed hex (1 and 2) and leaving out tab, line feed and carriage return, which it may.
 */
export const PHRASE_CODES: readonly number[] = [
  3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
];
