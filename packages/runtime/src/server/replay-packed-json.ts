/**
 * JSON text as the replay cache keeps a response for the sender's retries, packed without loss: a signed
 * envelope's content hash, signature, trace ids and packet ids (some 40% of its text) at one byte per two hex
 * digits, and the phrases every answer spells out (its keys and the punctuation between them, see
 * replay-packed-phrases.ts) as one character each; a signed answer of 879 characters is kept in 427. The marks
 * are control characters JSON text never holds raw (not tab, line feed or carriage return), so text holding one,
 * or anything beyond Latin-1, is kept as it is (`packed` false) and the packed text stays a one-byte string.
 *
 * A lower-case UUID becomes U+0002 and its 16 bytes; a run of 16 to 510 lower-case hex digits becomes U+0001,
 * the byte count, and the bytes (an odd run's last digit stays as text); a phrase becomes its code.
 */
import { PACKED_PHRASES, PHRASE_CODES } from './replay-packed-phrases';

export interface PackedJson {
  text: string;
  packed: boolean;
}

const RUN = 1;
const UUID = 2;
/** The most bytes one run marker counts (its count is one character). */
const MAX_RUN_BYTES = 255;
/** Value of each lower-case hex digit by character code, -1 for any other character. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit += 1) HEX_VALUE[digit.toString(16).charCodeAt(0)] = digit;
/** The code standing for each phrase, and the phrases by code. */
const PHRASES_BY_FIRST = new Map<number, Array<{ phrase: string; code: number }>>();
const PHRASE_OF = new Map<number, string>();
PACKED_PHRASES.forEach((phrase, index) => {
  const code = PHRASE_CODES[index];
  if (code === undefined) throw new Error('replay-packed-phrases: more phrases than codes');
  const first = phrase.charCodeAt(0);
  PHRASES_BY_FIRST.set(first, [...(PHRASES_BY_FIRST.get(first) ?? []), { phrase, code }]);
  PHRASE_OF.set(code, phrase);
});
/** Characters that mark something packed: they cannot be kept raw. */
const MARKER = new Uint8Array(32);
MARKER[RUN] = 1;
MARKER[UUID] = 1;
for (const code of PHRASE_CODES) MARKER[code] = 1;

/** Where packed text is written before it becomes a string; packing never makes text longer. */
let scratch = new Uint8Array(4096);

export function packJson(json: string): PackedJson {
  if (scratch.length < json.length) scratch = new Uint8Array(json.length * 2);
  const out = scratch;
  const end = json.length;
  let at = 0;
  let length = 0;
  while (at < end) {
    let run = at;
    while (run < end && hexAt(json, run) >= 0) run += 1;
    run -= at;
    if (run === 8 && isUuidAt(json, at)) {
      out[length++] = UUID;
      length = writeBytes(json, at, 8, out, length);
      length = writeBytes(json, at + 9, 4, out, length);
      length = writeBytes(json, at + 14, 4, out, length);
      length = writeBytes(json, at + 19, 4, out, length);
      length = writeBytes(json, at + 24, 12, out, length);
      at += 36;
    } else if (run >= 16) {
      const bytes = Math.min(run >> 1, MAX_RUN_BYTES);
      out[length++] = RUN;
      out[length++] = bytes;
      length = writeBytes(json, at, bytes * 2, out, length);
      at += bytes * 2;
    } else {
      // Fewer than 16 hex digits, or the character after them: a phrase, or kept as text unless it is a
      // marker or not Latin-1.
      const upTo = at + Math.max(run, 1);
      while (at < upTo) {
        const code = json.charCodeAt(at);
        if (code > 0xff || (code < 32 && MARKER[code] === 1)) return { text: json, packed: false };
        const phrase = run === 0 ? phraseAt(json, at, code) : undefined;
        if (phrase) {
          out[length++] = phrase.code;
          at += phrase.phrase.length;
          break;
        }
        out[length++] = code;
        at += 1;
      }
    }
  }
  return { text: Buffer.from(out.buffer, 0, length).toString('latin1'), packed: true };
}

function phraseAt(text: string, at: number, first: number): { phrase: string; code: number } | undefined {
  const candidates = PHRASES_BY_FIRST.get(first);
  return candidates?.find(({ phrase }) => text.startsWith(phrase, at));
}

function hexAt(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code < 128 ? (HEX_VALUE[code] as number) : -1;
}

/** A lower-case UUID at `at`, its first 8 digits already known to be hex. */
function isUuidAt(text: string, at: number): boolean {
  for (let offset = 8; offset < 36; offset += 1) {
    const dash = offset === 8 || offset === 13 || offset === 18 || offset === 23;
    if (dash ? text.charCodeAt(at + offset) !== 45 : hexAt(text, at + offset) < 0) return false;
  }
  return true;
}

/** Writes the `digits` hex digits at `from` as bytes; returns the new length. */
function writeBytes(text: string, from: number, digits: number, out: Uint8Array, length: number): number {
  for (let at = from; at < from + digits; at += 2)
    out[length++] = ((hexAt(text, at) as number) << 4) | (hexAt(text, at + 1) as number);
  return length;
}

export function unpackJson({ text, packed }: PackedJson): string {
  if (!packed) return text;
  const parts: string[] = [];
  let at = 0;
  for (;;) {
    const next = nextMarker(text, at);
    parts.push(text.slice(at, next));
    if (next === text.length) break;
    const marker = text.charCodeAt(next);
    if (marker === UUID) {
      const hex = Buffer.from(text.slice(next + 1, next + 17), 'latin1').toString('hex');
      parts.push(
        `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
      );
      at = next + 17;
    } else if (marker === RUN) {
      const count = text.charCodeAt(next + 1);
      parts.push(Buffer.from(text.slice(next + 2, next + 2 + count), 'latin1').toString('hex'));
      at = next + 2 + count;
    } else {
      parts.push(PHRASE_OF.get(marker) as string);
      at = next + 1;
    }
  }
  return parts.join('');
}

/** The first marker at or after `from` (which is always outside packed bytes), or the end of the text. */
function nextMarker(text: string, from: number): number {
  let at = from;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code < 32 && MARKER[code] === 1) return at;
    at += 1;
  }
  return at;
}
