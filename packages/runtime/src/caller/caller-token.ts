import { hkdfSync, webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

/**
 * Caller tokens: how a caller of an agent's declared endpoints proves who it is when packet auth is on.
 * A compact JWS (HS256) whose claims are `sub` (the caller identity, the key of its rate-limit bucket and the
 * `caller` of any work governance holds), `aud` (the agent id it may call) and `exp`. It is keyed with a key
 * derived from the packet secret (HKDF-SHA256, info `l9 caller token v1`), so a token is never an HMAC an
 * envelope signature could be confused with, and whoever administers the ecosystem's secret issues tokens.
 */
export const CALLER_TOKEN_TYPE = 'l9-caller+jwt';
const KEY_INFO = 'l9 caller token v1';
/** A caller identity: printable, no spaces, bounded, so it can key a bucket and be logged as is. */
const CALLER_PATTERN = /^[A-Za-z0-9._:@/+-]{1,128}$/;
export const MAX_CALLER_TOKEN_TTL_SECONDS = 366 * 24 * 3600;

function tokenKey(secret: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), KEY_INFO, 32));
}

/** Verification keys by packet secret; an agent has one secret, tests a few, so a handful is the bound. */
const verificationKeys = new Map<string, Promise<webcrypto.CryptoKey>>();
const MAX_VERIFICATION_KEYS = 16;

/**
 * The token key as an imported, verify-only HMAC key, derived and imported once per secret: deriving it (HKDF)
 * and importing it for every presented token cost more than checking the token's HMAC.
 */
function verificationKey(secret: string): Promise<webcrypto.CryptoKey> {
  let key = verificationKeys.get(secret);
  if (key === undefined) {
    if (verificationKeys.size >= MAX_VERIFICATION_KEYS) verificationKeys.clear();
    key = webcrypto.subtle.importKey('raw', tokenKey(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'verify',
    ]);
    verificationKeys.set(secret, key);
  }
  return key;
}

export interface IssueCallerTokenOptions {
  /** The packet secret of the agent (L9_PACKET_SECRET). */
  secret: string;
  /** Who the token speaks for: `sub`. */
  caller: string;
  /** The agent id the token may call: `aud`. */
  agent: string;
  /** Lifetime; default one hour, at most 366 days. */
  ttlSeconds?: number;
  /** Milliseconds clock; injected in tests. */
  now?: () => number;
}

/** Why `issueCallerToken` refused its input: a caller mistake, said in one line. */
export class CallerTokenInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallerTokenInputError';
  }
}

export async function issueCallerToken(options: IssueCallerTokenOptions): Promise<string> {
  const ttl = options.ttlSeconds ?? 3600;
  if (!CALLER_PATTERN.test(options.caller))
    throw new CallerTokenInputError(
      `caller must be 1-128 characters of letters, digits and . _ : @ / + -, got ${JSON.stringify(options.caller)}`,
    );
  if (options.agent.trim() === '')
    throw new CallerTokenInputError('agent: name the agent id the token may call');
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_CALLER_TOKEN_TTL_SECONDS)
    throw new CallerTokenInputError(
      `ttl must be a whole number of seconds from 1 to ${MAX_CALLER_TOKEN_TTL_SECONDS}`,
    );
  const issuedAt = Math.floor((options.now ?? Date.now)() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: CALLER_TOKEN_TYPE })
    .setSubject(options.caller)
    .setAudience(options.agent)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttl)
    .sign(tokenKey(options.secret));
}

export interface VerifyCallerTokenOptions {
  secret: string;
  /** This agent's id: the token's `aud` must name it. */
  agent: string;
  now?: () => number;
}

export type CallerTokenCheck =
  | { ok: true; caller: string; expiresAt: string }
  | {
      ok: false;
      reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_audience' | 'invalid_claims';
      message: string;
    };

/** Verifies a presented caller token. The answer names what is wrong, never the secret or the token itself. */
export async function verifyCallerToken(
  token: string,
  options: VerifyCallerTokenOptions,
): Promise<CallerTokenCheck> {
  try {
    const { payload } = await jwtVerify(token, await verificationKey(options.secret), {
      algorithms: ['HS256'],
      typ: CALLER_TOKEN_TYPE,
      audience: options.agent,
      requiredClaims: ['sub', 'aud', 'exp'],
      currentDate: new Date((options.now ?? Date.now)()),
    });
    const caller = payload.sub ?? '';
    if (!CALLER_PATTERN.test(caller))
      return { ok: false, reason: 'invalid_claims', message: 'the caller token names no valid caller (sub)' };
    return { ok: true, caller, expiresAt: new Date((payload.exp as number) * 1000).toISOString() };
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      return { ok: false, reason: 'expired', message: 'the caller token has expired' };
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return {
        ok: false,
        reason: 'bad_signature',
        message: "the caller token is not signed with this agent's packet secret",
      };
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
      return {
        ok: false,
        reason: 'wrong_audience',
        message: `the caller token is not for agent ${options.agent}`,
      };
    }
    if (error instanceof errors.JWTClaimValidationFailed)
      return {
        ok: false,
        reason: 'invalid_claims',
        message: `the caller token's ${error.claim} claim is not acceptable`,
      };
    if (error instanceof errors.JOSEError)
      return {
        ok: false,
        reason: 'malformed',
        message: 'the bearer credential is not a caller token (compact JWS, HS256)',
      };
    throw error;
  }
}
