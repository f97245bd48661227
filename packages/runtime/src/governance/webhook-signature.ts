import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header that carries the signature of a governance webhook: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'l9-signature';

/** Shortest webhook secret accepted: 32 characters, e.g. `openssl rand -hex 32` gives 64. */
export const MIN_WEBHOOK_SECRET_LENGTH = 32;

/** How far a signature's timestamp may be from the receiver's clock by default: five minutes, either way. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * The `L9-Signature` value for `body`: HMAC-SHA256 keyed with the shared secret over `<t>.<body>`, where `t` is the
 * time of sending in Unix seconds. Signing the time with the body lets a receiver refuse an old delivery replayed.
 */
export function signWebhookBody(
  secret: string,
  body: string,
  unixSeconds: number = Math.floor(Date.now() / 1000),
): string {
  return `t=${unixSeconds},v1=${webhookDigest(secret, unixSeconds, body).toString('hex')}`;
}

export interface WebhookVerificationInput {
  secret: string;
  /** The request body exactly as received (bytes or text), before any JSON parsing. */
  body: string | Buffer;
  /** The `L9-Signature` header; undefined when the request had none. */
  header: string | string[] | undefined;
  /** The receiver's clock in Unix seconds; now by default. */
  nowSeconds?: number;
  toleranceSeconds?: number;
}

export type WebhookVerification = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * What a receiver runs before trusting a governance webhook: the header parses, its time is within the tolerance,
 * and one of its `v1` signatures is the HMAC of `<t>.<body>` under the shared secret (compared in constant time).
 */
export function verifyWebhookSignature(input: WebhookVerificationInput): WebhookVerification {
  const header = Array.isArray(input.header) ? input.header[0] : input.header;
  if (!header) return { ok: false, reason: `missing ${WEBHOOK_SIGNATURE_HEADER} header` };
  let timestamp: number | undefined;
  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const [name, value = ''] = part.trim().split('=', 2);
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (name === 'v1' && /^[0-9a-f]{64}$/i.test(value)) candidates.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || candidates.length === 0)
    return {
      ok: false,
      reason: `malformed ${WEBHOOK_SIGNATURE_HEADER} header (expected t=<unix seconds>,v1=<hex>)`,
    };
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  if (Math.abs(now - timestamp) > tolerance)
    return { ok: false, reason: `signature time ${timestamp} is more than ${tolerance} s from now` };
  const expected = webhookDigest(input.secret, timestamp, input.body);
  // Every candidate is compared, matching or not, so the time taken says nothing about which one was close.
  let matched = false;
  for (const candidate of candidates) matched = timingSafeEqual(candidate, expected) || matched;
  return matched ? { ok: true, timestamp } : { ok: false, reason: 'signature does not match the body' };
}

function webhookDigest(secret: string, unixSeconds: number, body: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(`${unixSeconds}.`).update(body).digest();
}
