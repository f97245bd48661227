import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

const SECRET = 'webhook-test-secret-0123456789abcdef';
const BODY = '{"type":"escalation.created","escalation":{"id":"esc-1"}}';
const T = 1_767_225_600;

describe('webhook signatures', () => {
  it('signs HMAC-SHA256 over "<t>.<body>" in hex, which the receiver verifies', () => {
    const header = signWebhookBody(SECRET, BODY, T);
    // Stated independently of the implementation: openssl dgst -sha256 -hmac "$SECRET" over "1767225600.<body>".
    expect(header).toBe(`t=${T},v1=${createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex')}`);
    expect(verifyWebhookSignature({ secret: SECRET, body: BODY, header, nowSeconds: T + 10 })).toEqual({
      ok: true,
      timestamp: T,
    });
    expect(
      verifyWebhookSignature({ secret: SECRET, body: Buffer.from(BODY), header: [header], nowSeconds: T }),
    ).toEqual({ ok: true, timestamp: T });
  });

  it('accepts any of several v1 signatures, so a receiver can rotate secrets', () => {
    const other = signWebhookBody('another-secret-of-enough-length-000', BODY, T).split(',')[1];
    const header = `${signWebhookBody(SECRET, BODY, T)},${other}`;
    expect(verifyWebhookSignature({ secret: SECRET, body: BODY, header, nowSeconds: T }).ok).toBe(true);
    expect(
      verifyWebhookSignature({
        secret: 'another-secret-of-enough-length-000',
        body: BODY,
        header,
        nowSeconds: T,
      }).ok,
    ).toBe(true);
  });

  it('refuses a missing or malformed header, an old or future time, and a changed body or time', () => {
    const header = signWebhookBody(SECRET, BODY, T);
    expect(verifyWebhookSignature({ secret: SECRET, body: BODY, header: undefined })).toEqual({
      ok: false,
      reason: 'missing l9-signature header',
    });
    expect(
      verifyWebhookSignature({ secret: SECRET, body: BODY, header: 'v1=abc', nowSeconds: T }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/^malformed/) });
    expect(verifyWebhookSignature({ secret: SECRET, body: BODY, header, nowSeconds: T + 301 })).toEqual({
      ok: false,
      reason: `signature time ${T} is more than 300 s from now`,
    });
    expect(verifyWebhookSignature({ secret: SECRET, body: BODY, header, nowSeconds: T - 301 }).ok).toBe(
      false,
    );
    expect(verifyWebhookSignature({ secret: SECRET, body: `${BODY} `, header, nowSeconds: T })).toEqual({
      ok: false,
      reason: 'signature does not match the body',
    });
    const retimed = header.replace(`t=${T}`, `t=${T + 5}`);
    expect(verifyWebhookSignature({ secret: SECRET, body: BODY, header: retimed, nowSeconds: T })).toEqual({
      ok: false,
      reason: 'signature does not match the body',
    });
  });
});
