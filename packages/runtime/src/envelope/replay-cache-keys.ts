/**
 * The packet ids and content hashes the replay structures keep for every packet of the window, packed: a
 * lower-case UUID's 16 bytes and a sha256 hex digest's 32 bytes as one-byte strings (32 and 48 bytes held by
 * V8 instead of 56 and 80). Any other text is kept as it is, marked when it has the packed length, so two
 * different inputs never pack to the same key.
 */
const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LOWER_SHA256_HEX = /^[0-9a-f]{64}$/;
/** Not a Latin-1 character, so a marked text can never equal a packed one. */
const UNPACKED_MARK = '\u0100';

export function packedPacketId(packetId: string): string {
  return LOWER_UUID.test(packetId)
    ? Buffer.from(packetId.replaceAll('-', ''), 'hex').toString('latin1')
    : unpacked(packetId, 16);
}

export function packedContentHash(contentHash: string): string {
  return LOWER_SHA256_HEX.test(contentHash)
    ? Buffer.from(contentHash, 'hex').toString('latin1')
    : unpacked(contentHash, 32);
}

function unpacked(text: string, packedLength: number): string {
  return text.length === packedLength ? `${text}${UNPACKED_MARK}` : text;
}
