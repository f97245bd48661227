import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { ConfigError } from '../config/config-error';
import { anchorKey } from './policy';

/** The variable that names an agent's anchors file (a JWK Set of their public keys). */
export const ANCHORS_FILE_VARIABLE = 'L9_ANCHORS_FILE';

const base64url32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 bytes in base64url (43 characters)');

/** An anchor's public key as a JWK (RFC 8037): `kid` is the anchor's name as the schema spells it. */
export const anchorPublicJwkSchema = z.object({
  kty: z.literal('OKP', { message: 'must be "OKP"' }),
  crv: z.literal('Ed25519', { message: 'must be "Ed25519"' }),
  x: base64url32,
  kid: z.string().trim().min(1, 'must name the anchor'),
  alg: z.literal('EdDSA', { message: 'must be "EdDSA" when present' }).optional(),
  use: z.literal('sig', { message: 'must be "sig" when present' }).optional(),
});
export type AnchorPublicJwk = z.infer<typeof anchorPublicJwkSchema>;

export const anchorPrivateJwkSchema = anchorPublicJwkSchema.extend({ d: base64url32 });
export type AnchorPrivateJwk = z.infer<typeof anchorPrivateJwkSchema>;

/** A JWK Set of anchor keys. Other members (an ecosystem's `$comment` and `anchors` list) are kept as they are. */
export interface AnchorJwks {
  keys: AnchorPublicJwk[];
  [member: string]: unknown;
}

const jwksSchema = z.looseObject(
  { keys: z.array(z.unknown(), { message: 'must be an array of JWKs' }) },
  { message: 'must be a JSON object with a "keys" array' },
);

/** A file or text that is not a usable anchors file: `where` names the file and key, `reason` what to fix. */
export class AnchorKeyError extends Error {
  constructor(
    readonly where: string,
    readonly reason: string,
  ) {
    super(`${where}: ${reason}`);
    this.name = 'AnchorKeyError';
  }
}

/**
 * Reads a JWK Set of anchor public keys. A private key (`d`) in it is refused: the file is shared with every
 * agent and deployment, so a private part there has leaked. Two keys for one anchor are refused too.
 */
export function parseAnchorJwks(text: string, source: string): AnchorJwks {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AnchorKeyError(source, `not JSON (${(error as Error).message})`);
  }
  const set = jwksSchema.safeParse(raw);
  if (!set.success) throw new AnchorKeyError(source, set.error.issues[0]?.message ?? 'not a JWK Set');
  const seen = new Set<string>();
  const keys = set.data.keys.map((candidate, index) => {
    const where = `${source}: keys[${index}]`;
    if (typeof candidate === 'object' && candidate !== null && 'd' in candidate) {
      throw new AnchorKeyError(
        where,
        'holds a private key ("d"); remove it from this file at once and generate a new key pair, the old one has leaked',
      );
    }
    const parsed = anchorPublicJwkSchema.strict().safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new AnchorKeyError(
        `${where}${issue.path.length ? `.${issue.path.join('.')}` : ''}`,
        issue.message,
      );
    }
    const key = anchorKey(parsed.data.kid);
    if (seen.has(key))
      throw new AnchorKeyError(where, 'a second key for the same anchor; keep one key per anchor');
    seen.add(key);
    return parsed.data;
  });
  return { ...set.data, keys };
}

/** The anchors' public keys an agent trusts, looked up by anchor name (case- and spacing-insensitive, like the policy). */
export class AnchorKeySet {
  private readonly byAnchor: ReadonlyMap<string, { anchor: string; key: KeyObject }>;

  constructor(jwks: AnchorJwks) {
    this.byAnchor = new Map(
      jwks.keys.map((jwk) => [anchorKey(jwk.kid), { anchor: jwk.kid, key: publicKeyOf(jwk) }]),
    );
  }

  static empty(): AnchorKeySet {
    return new AnchorKeySet({ keys: [] });
  }

  get size(): number {
    return this.byAnchor.size;
  }

  keyFor(anchor: string): { anchor: string; key: KeyObject } | undefined {
    return this.byAnchor.get(anchorKey(anchor));
  }

  has(anchor: string): boolean {
    return this.byAnchor.has(anchorKey(anchor));
  }
}

/** Loads `L9_ANCHORS_FILE`; a file that cannot be read or used stops the agent with what to fix. */
export function loadAnchorKeys(path: string): AnchorKeySet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(ANCHORS_FILE_VARIABLE, `cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return new AnchorKeySet(parseAnchorJwks(text, path));
  } catch (error) {
    if (error instanceof AnchorKeyError) throw new ConfigError(ANCHORS_FILE_VARIABLE, error.message);
    throw error;
  }
}

function publicKeyOf(jwk: AnchorPublicJwk): KeyObject {
  return createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
}

/** A new Ed25519 key pair for an anchor, both halves as JWKs named by `kid`. */
export function generateAnchorKeyPair(anchor: string): {
  publicJwk: AnchorPublicJwk;
  privateJwk: AnchorPrivateJwk;
} {
  const name = anchor.trim();
  if (name === '') throw new AnchorKeyError('anchor name', 'must not be empty');
  const { privateKey } = generateKeyPairSync('ed25519');
  const exported = privateKey.export({ format: 'jwk' }) as { x: string; d: string };
  const publicJwk: AnchorPublicJwk = {
    kty: 'OKP',
    crv: 'Ed25519',
    x: exported.x,
    kid: name,
    alg: 'EdDSA',
    use: 'sig',
  };
  return { publicJwk, privateJwk: { ...publicJwk, d: exported.d } };
}

/** Reads an anchor's private key file (a JWK with `d`), as written by `l9-runtime anchor keygen`. */
export function parseAnchorPrivateJwk(
  text: string,
  source: string,
): { anchor: string; key: KeyObject; jwk: AnchorPrivateJwk } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AnchorKeyError(source, `not JSON (${(error as Error).message})`);
  }
  const parsed = anchorPrivateJwkSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AnchorKeyError(
      `${source}${issue.path.length ? `: ${issue.path.join('.')}` : ''}`,
      `not an anchor private key: ${issue.message}`,
    );
  }
  const { d, ...pub } = parsed.data;
  const key = createPrivateKey({ key: { kty: pub.kty, crv: pub.crv, x: pub.x, d }, format: 'jwk' });
  // A private key whose `x` does not belong to its `d` would sign statements no published key verifies.
  const derived = (createPublicKey(key).export({ format: 'jwk' }) as { x: string }).x;
  if (derived !== pub.x)
    throw new AnchorKeyError(source, 'its public part "x" does not belong to its private part "d"');
  return { anchor: pub.kid, key, jwk: parsed.data };
}

/** Adds an anchor's public key to a JWK Set; an anchor that already has a key is refused unless `replace`. */
export function withAnchorPublicKey(
  jwks: AnchorJwks,
  jwk: AnchorPublicJwk,
  options: { replace?: boolean } = {},
): AnchorJwks {
  const key = anchorKey(jwk.kid);
  const others = jwks.keys.filter((existing) => anchorKey(existing.kid) !== key);
  if (others.length !== jwks.keys.length && !options.replace) {
    throw new AnchorKeyError(jwk.kid, 'already has a key in this anchors file; pass --replace to rotate it');
  }
  return { ...jwks, keys: [...others, jwk] };
}
