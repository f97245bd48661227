import { hmacSha256, hmacSha256Hex, sha256Hex } from './digests';

describe('digests', () => {
  it('computes SHA-256 of the UTF-8 bytes (FIPS 180-2 "abc" vector, and a non-ASCII text)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('é')).toBe(sha256Hex(Buffer.from([0xc3, 0xa9]).toString('utf8')));
    expect(sha256Hex('é')).not.toBe(sha256Hex('e'));
  });

  it('computes SHA-256 of raw bytes as they are, including bytes that are not UTF-8', () => {
    const ff = 'a8100ae6aa1940d0b663bb31cd466142ebbdbd5187131b92d93818987832eb89';
    expect(sha256Hex(Buffer.from([0xff]))).toBe(ff);
    expect(sha256Hex(new Uint8Array([0xc3, 0xa9]))).toBe(sha256Hex('é'));
  });

  it('gives the same digests on a Node without the one-shot crypto.hash', () => {
    const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const createHash = jest.fn(actual.createHash);
    jest.isolateModules(() => {
      jest.doMock('node:crypto', () => ({ ...actual, hash: undefined, createHash }));
      const streaming = jest.requireActual<typeof import('./digests')>('./digests');
      expect(streaming.sha256Hex('abc')).toBe(sha256Hex('abc'));
      expect(streaming.sha256Hex('é')).toBe(sha256Hex('é'));
      expect(streaming.sha256Hex(Buffer.from([0xff]))).toBe(sha256Hex(Buffer.from([0xff])));
    });
    expect(createHash).toHaveBeenCalledTimes(3);
    jest.dontMock('node:crypto');
  });

  it('computes HMAC-SHA256 (RFC 4231 test case 2) with a string key, a Buffer key and a reused key', () => {
    const expected = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe(expected);
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe(expected);
    expect(hmacSha256Hex(Buffer.from('Jefe'), 'what do ya want for nothing?')).toBe(expected);
    expect(hmacSha256('Jefe', 'what do ya want for nothing?').toString('hex')).toBe(expected);
  });

  it('keeps keys apart however many distinct keys pass through', () => {
    const first = hmacSha256Hex('key-0', 'text');
    for (let index = 1; index < 40; index += 1) expect(hmacSha256Hex(`key-${index}`, 'text')).not.toBe(first);
    expect(hmacSha256Hex('key-0', 'text')).toBe(first);
  });
});
