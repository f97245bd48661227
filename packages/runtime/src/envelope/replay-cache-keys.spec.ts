import { packedContentHash, packedPacketId } from './replay-cache-keys';

const ID = '02a1d0ae-88d4-457a-9861-c2e6f5aef378';
const HASH = 'd579df8db9a850ec6ac5828381974798300eceb1b9f922bfa705182809bd0569';

describe('replay cache keys', () => {
  it('packs a lower-case UUID into its 16 bytes and a sha256 hex digest into its 32', () => {
    expect(Buffer.from(packedPacketId(ID), 'latin1').toString('hex')).toBe(ID.replaceAll('-', ''));
    expect(Buffer.from(packedContentHash(HASH), 'latin1').toString('hex')).toBe(HASH);
  });

  it('keeps ids that differ apart', () => {
    const other = `${ID.slice(0, -1)}9`;
    expect(packedPacketId(other)).not.toBe(packedPacketId(ID));
    expect(packedContentHash(`${HASH.slice(0, -1)}a`)).not.toBe(packedContentHash(HASH));
  });

  it('keeps other text whole: an upper-case UUID stays apart from the lower-case one', () => {
    expect(packedPacketId(ID.toUpperCase())).toBe(ID.toUpperCase());
    expect(packedPacketId(ID.toUpperCase())).not.toBe(packedPacketId(ID));
    expect(packedContentHash('not-a-digest')).toBe('not-a-digest');
  });

  it('marks text of the packed length, so it can never equal a packed key', () => {
    const packed = packedPacketId(ID);
    expect(packedPacketId(packed)).not.toBe(packed);
    const packedHash = packedContentHash(HASH);
    expect(packedContentHash(packedHash)).not.toBe(packedHash);
  });
});
