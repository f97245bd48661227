import { createPrivateKey, type KeyObject } from 'node:crypto';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import * as z from 'zod';
import { JsonValueSchema, type JsonValue } from '../envelope/envelope-schema';
import type { AnchorKeySet, AnchorPrivateJwk } from './anchor-keys';
import type { ResolutionAction } from './escalation-record';
import { GovernanceError } from './governance-error';
import { WORK_DIGEST_PATTERN } from './held-work-digest';

/** The JWS `typ` of a resolution, so a signature made for anything else (a token, another protocol) is never taken for one. */
export const RESOLUTION_TYPE = 'l9-resolution+jws';
/** How old a signed resolution may be when it reaches the agent. */
export const RESOLUTION_MAX_AGE_SECONDS = 10 * 60;
/** How far ahead of the agent's clock its `iat` may be (clocks drift). */
export const RESOLUTION_CLOCK_SKEW_SECONDS = 60;

/**
 * What an anchor signs. `agent` and `escalation_id` bind it to one escalation of one agent, so it cannot be replayed
 * elsewhere; `work_digest` (see held-work-digest.ts) binds it to the work that escalation held when the anchor read
 * it, so work changed in the escalation store afterwards is not what was approved. It is there exactly when the
 * escalation holds work.
 */
export const resolutionStatementSchema = z
  .object({
    escalation_id: z.string().min(1),
    agent: z.string().min(1),
    action: z.enum(['approve', 'reject', 'override']),
    reason: z.string().trim().min(1, 'say why the escalation is resolved this way').max(4_000),
    value: JsonValueSchema.optional(),
    work_digest: z
      .string()
      .regex(WORK_DIGEST_PATTERN, 'must be the lower-case hex SHA-256 the escalation shows as work_digest')
      .optional(),
    iat: z.number().int().positive(),
  })
  .strict()
  .superRefine((statement, context) => {
    if (statement.action === 'override' && statement.value === undefined)
      context.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'an override carries the value that replaces the result',
      });
    if (statement.action !== 'override' && statement.value !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['value'],
        message: `only an override carries a value, not ${statement.action}`,
      });
  });
export type ResolutionStatement = z.infer<typeof resolutionStatementSchema>;

export interface SignResolutionInput {
  /** The anchor's name as the schema spells it (the JWS `kid`). */
  anchor: string;
  /** The id of the agent that holds the escalation. */
  agent: string;
  escalation_id: string;
  action: ResolutionAction;
  reason: string;
  /** The value that replaces the held work's result (override only). */
  value?: JsonValue;
  /**
   * The escalation's `work_digest` as read from the agent (GET /<prefix>/escalations/:id), required when it holds
   * work: the agent refuses a resolution whose digest is not the one of the work it holds.
   */
  work_digest?: string;
  /** Seconds since the epoch; now by default. */
  iat?: number;
}

/**
 * Signs an anchor's resolution as a compact JWS (EdDSA over Ed25519, `kid` = the anchor). The private key is
 * a KeyObject or the JWK that `l9-runtime anchor keygen` wrote.
 */
export async function signResolution(
  privateKey: KeyObject | AnchorPrivateJwk,
  input: SignResolutionInput,
): Promise<string> {
  const key =
    'kty' in privateKey
      ? createPrivateKey({
          key: { kty: privateKey.kty, crv: privateKey.crv, x: privateKey.x, d: privateKey.d },
          format: 'jwk',
        })
      : privateKey;
  const statement = resolutionStatementSchema.parse({
    escalation_id: input.escalation_id,
    agent: input.agent,
    action: input.action,
    reason: input.reason,
    ...(input.value !== undefined ? { value: input.value } : {}),
    ...(input.work_digest !== undefined ? { work_digest: input.work_digest } : {}),
    iat: input.iat ?? Math.floor(Date.now() / 1000),
  });
  return new CompactSign(new TextEncoder().encode(JSON.stringify(statement)))
    .setProtectedHeader({ alg: 'EdDSA', kid: input.anchor.trim(), typ: RESOLUTION_TYPE })
    .sign(key);
}

export interface VerifiedResolution {
  /** The anchor whose key verified the signature, spelled as the anchors file does. */
  anchor: string;
  statement: ResolutionStatement;
  /** The compact JWS as presented. */
  signature: string;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** One answer for every credential that does not verify, so a caller learns nothing about which anchors or keys exist. */
export function refusedSignature(): GovernanceError {
  return new GovernanceError(
    'resolution_refused',
    'the resolution is not signed by an anchor this escalation waits on',
  );
}

/**
 * Verifies a resolution for one escalation: well formed (401 otherwise), signed by the key of one of
 * `anchors` (403, the same answer whether the key is unknown, the anchor not asked or the signature wrong),
 * for this agent, escalation, action and held work (`work_digest`: of the work as the agent holds it now, none when
 * it holds none), and recent.
 */
export async function verifyResolution(
  jws: string,
  keys: AnchorKeySet,
  expected: {
    agent: string;
    escalation_id: string;
    action: ResolutionAction;
    work_digest: string | undefined;
    anchors: readonly string[];
    now: Date;
    checkAge?: boolean;
  },
): Promise<VerifiedResolution> {
  if (keys.size === 0) {
    throw new GovernanceError(
      'anchor_keys_not_configured',
      'this agent trusts no anchor keys, so it accepts no resolution: set L9_ANCHORS_FILE to its anchors file (a JWK Set; add keys with `l9-runtime anchor keygen --jwks`)',
    );
  }
  if (!COMPACT_JWS.test(jws))
    throw new GovernanceError(
      'malformed_resolution',
      'the resolution must be a compact JWS (header.payload.signature) signed by an anchor',
    );
  let kid: unknown;
  try {
    const header = decodeProtectedHeader(jws);
    if (header.alg !== 'EdDSA' || header.typ !== RESOLUTION_TYPE) throw new Error('unexpected header');
    kid = header.kid;
  } catch {
    throw new GovernanceError(
      'malformed_resolution',
      `the resolution's header must be {"alg":"EdDSA","typ":"${RESOLUTION_TYPE}","kid":<anchor>}`,
    );
  }
  if (typeof kid !== 'string' || kid.trim() === '')
    throw new GovernanceError('malformed_resolution', 'the resolution header names no anchor (kid)');
  const trusted = keys.keyFor(kid);
  const asked = trusted && expected.anchors.some((anchor) => keys.keyFor(anchor)?.anchor === trusted.anchor);
  if (!trusted || !asked) throw refusedSignature();
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, trusted.key, { algorithms: ['EdDSA'] }));
  } catch {
    throw refusedSignature();
  }
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw new GovernanceError('malformed_resolution', 'the signed statement is not JSON');
  }
  const parsed = resolutionStatementSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new GovernanceError(
      'malformed_resolution',
      `the signed statement: ${[...issue.path].join('.') || 'statement'}: ${issue.message}`,
    );
  }
  const statement = parsed.data;
  if (statement.agent !== expected.agent)
    throw new GovernanceError('resolution_refused', 'the resolution was signed for another agent');
  if (statement.escalation_id !== expected.escalation_id)
    throw new GovernanceError('resolution_refused', 'the resolution was signed for another escalation');
  if (statement.action !== expected.action)
    throw new GovernanceError(
      'resolution_refused',
      `the resolution was signed to ${statement.action}, not to ${expected.action}`,
    );
  const workProblem = workDigestProblem(statement.work_digest, expected.work_digest);
  if (workProblem) throw new GovernanceError('resolution_refused', workProblem);
  const now = Math.floor(expected.now.getTime() / 1000);
  // `checkAge: false` re-checks a resolution accepted earlier (stored with its escalation), which is old by now.
  if (
    expected.checkAge !== false &&
    (statement.iat > now + RESOLUTION_CLOCK_SKEW_SECONDS || statement.iat < now - RESOLUTION_MAX_AGE_SECONDS)
  ) {
    throw new GovernanceError(
      'resolution_refused',
      `the resolution was signed at ${new Date(statement.iat * 1000).toISOString()}, outside the accepted ${RESOLUTION_MAX_AGE_SECONDS / 60} minutes; sign a fresh one`,
    );
  }
  return { anchor: trusted.anchor, statement, signature: jws };
}

/** Why a statement's `work_digest` is not the one of the work the escalation holds, or nothing when it is. */
function workDigestProblem(signed: string | undefined, held: string | undefined): string | undefined {
  if (signed === held) return undefined;
  if (signed === undefined)
    return 'the resolution carries no work_digest, but this escalation holds work: read the escalation and sign the work_digest it shows';
  if (held === undefined)
    return 'the resolution was signed for held work, but this escalation holds none: read the escalation again and sign what it holds';
  return 'the resolution was signed for other work than this escalation holds: read the escalation again and sign the work_digest it shows';
}
