import { createHmac } from 'node:crypto';
import {
  AnchorKeySet,
  generateAnchorKeyPair,
  parseAnchorJwks,
  parseAnchorPrivateJwk,
  withAnchorPublicKey,
} from './anchor-keys';
import { RESOLUTION_TYPE, signResolution, verifyResolution } from './anchor-resolution';
import { testAnchors } from './anchor-test-support';
import { heldWorkDigest } from './held-work-digest';

const anchors = testAnchors(['Igor', 'System Oversight Committee']);
const now = new Date('2025-06-01T12:00:00.000Z');
const iat = now.getTime() / 1000;
const work = {
  kind: 'endpoint' as const,
  endpoint: 'score',
  payload: { anomaly_score: 0.99, model: 'm-1' },
  caller: 'scheduler',
};
const work_digest = heldWorkDigest(work);
const expected = {
  agent: 'tensoraios',
  escalation_id: 'esc-1',
  action: 'approve' as const,
  work_digest,
  anchors: ['Igor', 'System Oversight Committee'],
  now,
};
const statement = {
  agent: 'tensoraios',
  escalation_id: 'esc-1',
  action: 'approve' as const,
  reason: 'checked',
  work_digest,
  iat,
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('verifyResolution', () => {
  it('accepts a fresh resolution signed by an anchor the escalation waits on, names matched case-insensitively', async () => {
    const jws = await anchors.sign('Igor', statement);
    const verified = await verifyResolution(jws, anchors.keys, { ...expected, anchors: ['IGOR'] });
    expect(verified).toEqual({ anchor: 'Igor', statement, signature: jws });
  });

  it('refuses forged, tampered, stranger and unasked credentials with one answer that names no anchor', async () => {
    const forger = testAnchors(['Igor']);
    const genuine = await anchors.sign('Igor', statement);
    const [header, , signature] = genuine.split('.');
    const tampered = `${header}.${b64({ ...statement, reason: 'changed' })}.${signature}`;
    const stranger = await testAnchors(['Mallory']).sign('Mallory', statement);
    const unasked = await anchors.sign('System Oversight Committee', statement);
    for (const jws of [await forger.sign('Igor', statement), tampered, stranger]) {
      await expect(verifyResolution(jws, anchors.keys, expected)).rejects.toMatchObject({
        code: 'resolution_refused',
        message: 'the resolution is not signed by an anchor this escalation waits on',
      });
    }
    await expect(
      verifyResolution(unasked, anchors.keys, { ...expected, anchors: ['Igor'] }),
    ).rejects.toMatchObject({
      code: 'resolution_refused',
      message: 'the resolution is not signed by an anchor this escalation waits on',
    });
  });

  it('refuses a resolution made for another agent, escalation or action, and a stale or future one', async () => {
    const cases: Array<[Partial<typeof statement>, RegExp]> = [
      [{ agent: 'main-agent' }, /another agent/],
      [{ escalation_id: 'esc-2' }, /another escalation/],
      [{ action: 'reject' as never }, /signed to reject, not to approve/],
      [{ iat: iat - 11 * 60 }, /outside the accepted 10 minutes; sign a fresh one/],
      [{ iat: iat + 5 * 60 }, /outside the accepted 10 minutes/],
    ];
    for (const [change, message] of cases) {
      const jws = await anchors.sign('Igor', { ...statement, ...change });
      await expect(verifyResolution(jws, anchors.keys, expected)).rejects.toMatchObject({
        code: 'resolution_refused',
        message: expect.stringMatching(message),
      });
    }
  });

  it('refuses a resolution signed for other held work, for none, or without the digest of the work held, naming no anchor', async () => {
    const swapped = heldWorkDigest({ ...work, payload: { ...work.payload, model: 'm-2' } });
    const { work_digest: _signedNone, ...blind } = statement;
    const cases: Array<[object, { work_digest: string | undefined }, RegExp]> = [
      [
        { ...statement, work_digest: swapped },
        { work_digest },
        /signed for other work than this escalation holds: read the escalation again and sign the work_digest it shows/,
      ],
      [blind, { work_digest }, /carries no work_digest, but this escalation holds work/],
      [statement, { work_digest: undefined }, /signed for held work, but this escalation holds none/],
    ];
    for (const [signed, held, message] of cases) {
      const jws = await anchors.sign('Igor', signed as typeof statement);
      const refusal = await verifyResolution(jws, anchors.keys, { ...expected, ...held }).then(
        () => new Error('accepted'),
        (error: unknown) => error as Error,
      );
      expect(refusal).toMatchObject({ code: 'resolution_refused', message: expect.stringMatching(message) });
      expect(refusal.message).not.toMatch(/Igor|Oversight/);
    }
    await expect(
      verifyResolution(await anchors.sign('Igor', blind), anchors.keys, {
        ...expected,
        work_digest: undefined,
      }),
    ).resolves.toMatchObject({ statement: blind });
  });

  it('binds the digest to the work, not to how its keys are ordered', () => {
    const reordered = {
      caller: 'scheduler',
      payload: { model: 'm-1', anomaly_score: 0.99 },
      endpoint: 'score',
      kind: 'endpoint' as const,
    };
    expect(heldWorkDigest(reordered)).toBe(work_digest);
    expect(work_digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers malformed credentials as such: not a JWS, another algorithm or type, no kid', async () => {
    const hmac = (headerValue: object) => {
      const signingInput = `${b64(headerValue)}.${b64(statement)}`;
      return `${signingInput}.${createHmac('sha256', 'secret').update(signingInput).digest('base64url')}`;
    };
    for (const jws of [
      'Igor',
      'a.b',
      hmac({ alg: 'HS256', kid: 'Igor', typ: RESOLUTION_TYPE }),
      hmac({ alg: 'EdDSA', kid: 'Igor' }),
      hmac({ alg: 'EdDSA', typ: RESOLUTION_TYPE }),
      hmac({ alg: 'none' }),
    ]) {
      await expect(verifyResolution(jws, anchors.keys, expected)).rejects.toMatchObject({
        code: 'malformed_resolution',
      });
    }
  });

  it('refuses everything while no anchor key is configured, saying to set L9_ANCHORS_FILE', async () => {
    const jws = await anchors.sign('Igor', statement);
    await expect(verifyResolution(jws, AnchorKeySet.empty(), expected)).rejects.toMatchObject({
      code: 'anchor_keys_not_configured',
      message: expect.stringContaining('set L9_ANCHORS_FILE'),
    });
  });

  it('will not sign an override without a value, nor a value on an approval', async () => {
    const key = anchors.privateKeys.get('Igor')!;
    await expect(signResolution(key, { ...statement, anchor: 'Igor', action: 'override' })).rejects.toThrow(
      'an override carries the value',
    );
    await expect(signResolution(key, { ...statement, anchor: 'Igor', value: 1 })).rejects.toThrow(
      'only an override carries a value',
    );
    await expect(
      signResolution(key, { ...statement, anchor: 'Igor', work_digest: 'not-a-digest' }),
    ).rejects.toThrow('must be the lower-case hex SHA-256');
  });
});

describe('anchor keys', () => {
  it('round-trips a generated pair through the private key file form and a JWK Set', async () => {
    const { publicJwk, privateJwk } = generateAnchorKeyPair(' Chief Architect ');
    expect(publicJwk).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      kid: 'Chief Architect',
      alg: 'EdDSA',
      use: 'sig',
    });
    expect(publicJwk).not.toHaveProperty('d');
    const { anchor, key } = parseAnchorPrivateJwk(JSON.stringify(privateJwk), 'chief.jwk');
    const keys = new AnchorKeySet(
      parseAnchorJwks(JSON.stringify({ keys: [publicJwk] }), 'anchors.jwks.json'),
    );
    const jws = await signResolution(key, { ...statement, anchor });
    await expect(
      verifyResolution(jws, keys, { ...expected, anchors: ['chief architect'] }),
    ).resolves.toMatchObject({ anchor: 'Chief Architect' });
  });

  it('refuses an anchors file with a private key, two keys for one anchor, or a bad key, saying where', () => {
    const { publicJwk, privateJwk } = generateAnchorKeyPair('Igor');
    expect(() => parseAnchorJwks(JSON.stringify({ keys: [privateJwk] }), 'a.json')).toThrow(
      'a.json: keys[0]: holds a private key ("d")',
    );
    expect(() =>
      parseAnchorJwks(JSON.stringify({ keys: [publicJwk, { ...publicJwk, kid: 'igor' }] }), 'a.json'),
    ).toThrow('a.json: keys[1]: a second key for the same anchor');
    expect(() => parseAnchorJwks(JSON.stringify({ keys: [{ ...publicJwk, x: 'short' }] }), 'a.json')).toThrow(
      'a.json: keys[0].x: must be 32 bytes',
    );
    expect(() =>
      parseAnchorJwks(JSON.stringify({ keys: [{ ...publicJwk, crv: 'P-256' }] }), 'a.json'),
    ).toThrow('a.json: keys[0].crv: must be "Ed25519"');
    expect(() => parseAnchorJwks('[]', 'a.json')).toThrow(
      'a.json: must be a JSON object with a "keys" array',
    );
    expect(() => parseAnchorJwks('{', 'a.json')).toThrow('a.json: not JSON');
  });

  it('refuses a private key whose public part belongs to another key', () => {
    const one = generateAnchorKeyPair('Igor');
    const other = generateAnchorKeyPair('Igor');
    expect(() =>
      parseAnchorPrivateJwk(JSON.stringify({ ...one.privateJwk, x: other.publicJwk.x }), 'igor.jwk'),
    ).toThrow('does not belong to its private part');
  });

  it('adds a key to a set once, and replaces it only when asked', () => {
    const first = generateAnchorKeyPair('Igor').publicJwk;
    const second = generateAnchorKeyPair('igor').publicJwk;
    const set = withAnchorPublicKey({ keys: [] }, first);
    expect(() => withAnchorPublicKey(set, second)).toThrow('already has a key');
    expect(withAnchorPublicKey(set, second, { replace: true }).keys).toEqual([second]);
  });
});
