import { SignJWT } from 'jose';
import { CallerTokenInputError, issueCallerToken, verifyCallerToken } from './caller-token';

const SECRET = 'ecosystem-packet-secret-0123456789';
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const at = (ms: number) => () => ms;

describe('caller tokens', () => {
  it('binds a caller to one agent until it expires', async () => {
    const token = await issueCallerToken({
      secret: SECRET,
      caller: 'ops-console',
      agent: 'tensoraios',
      ttlSeconds: 600,
      now: at(T0),
    });
    expect(token.split('.')).toHaveLength(3);
    await expect(
      verifyCallerToken(token, { secret: SECRET, agent: 'tensoraios', now: at(T0 + 599_000) }),
    ).resolves.toEqual({
      ok: true,
      caller: 'ops-console',
      expiresAt: '2026-03-01T12:10:00.000Z',
    });
    await expect(
      verifyCallerToken(token, { secret: SECRET, agent: 'tensoraios', now: at(T0 + 601_000) }),
    ).resolves.toMatchObject({ ok: false, reason: 'expired' });
    await expect(
      verifyCallerToken(token, { secret: SECRET, agent: 'main-agent', now: at(T0) }),
    ).resolves.toMatchObject({
      ok: false,
      reason: 'wrong_audience',
      message: 'the caller token is not for agent main-agent',
    });
  });

  it('refuses a token signed with another secret, an unsigned one, one keyed with the raw secret, and junk', async () => {
    const forged = await issueCallerToken({
      secret: 'another-secret-of-16-or-more',
      caller: 'ops',
      agent: 'tensoraios',
      now: at(T0),
    });
    const check = (token: string) =>
      verifyCallerToken(token, { secret: SECRET, agent: 'tensoraios', now: at(T0) });
    const forgedCheck = await check(forged);
    expect(forgedCheck).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(JSON.stringify(forgedCheck)).not.toContain(SECRET);
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'l9-caller+jwt' })}.${b64({ sub: 'ops', aud: 'tensoraios', exp: T0 / 1000 + 60 })}.`;
    await expect(check(unsigned)).resolves.toMatchObject({ ok: false });
    // HS256 over the packet secret itself, not the derived key: a token nobody but this module should mint.
    const rawKey = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'l9-caller+jwt' })
      .setSubject('ops')
      .setAudience('tensoraios')
      .setExpirationTime(T0 / 1000 + 60)
      .sign(new TextEncoder().encode(SECRET));
    await expect(check(rawKey)).resolves.toMatchObject({ ok: false, reason: 'bad_signature' });
    await expect(check('not-a-token')).resolves.toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('verifies each token with the key of the secret it is checked against, however often secrets alternate', async () => {
    const secrets = Array.from({ length: 20 }, (_, index) => `alternating-packet-secret-${index}-0123456789`);
    const tokens = await Promise.all(
      secrets.map((secret, index) =>
        issueCallerToken({ secret, caller: `caller-${index}`, agent: 'tensoraios', now: at(T0) }),
      ),
    );
    // Two passes over more secrets than the verifier keeps keys for: every check still uses the right key.
    for (const pass of [0, 1]) {
      for (const [index, token] of tokens.entries()) {
        const own = await verifyCallerToken(token, {
          secret: secrets[index] as string,
          agent: 'tensoraios',
          now: at(T0),
        });
        expect({ pass, own }).toEqual({
          pass,
          own: expect.objectContaining({ ok: true, caller: `caller-${index}` }),
        });
        const other = await verifyCallerToken(token, {
          secret: secrets[(index + 1) % secrets.length] as string,
          agent: 'tensoraios',
          now: at(T0),
        });
        expect({ pass, other }).toEqual({
          pass,
          other: expect.objectContaining({ ok: false, reason: 'bad_signature' }),
        });
      }
    }
  });

  it('refuses to issue for a caller that cannot key a bucket, and lifetimes out of range', async () => {
    await expect(
      issueCallerToken({ secret: SECRET, caller: 'two words', agent: 'tensoraios' }),
    ).rejects.toBeInstanceOf(CallerTokenInputError);
    await expect(issueCallerToken({ secret: SECRET, caller: '', agent: 'tensoraios' })).rejects.toThrow(
      'caller must be',
    );
    await expect(
      issueCallerToken({ secret: SECRET, caller: 'ops', agent: 'tensoraios', ttlSeconds: 0 }),
    ).rejects.toThrow('ttl must be');
  });
});
