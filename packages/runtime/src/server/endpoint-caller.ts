import type { FastifyRequest } from 'fastify';
import { verifyCallerToken } from '../caller/caller-token';
import { sameSecret } from '../crypto/same-secret';
import { rateLimitKey } from '../guards/rate-limiter';
import { errorOutcome, type HttpOutcome } from './error-body';
import { bearerToken, requestHeader } from './request-header';
import type { AgentIdentity, EndpointDefinition, ServerSettings } from './server-options';

/** Header that carries an endpoint's own `auth_required` token when `Authorization` carries the caller token. */
export const ENDPOINT_TOKEN_HEADER = 'l9-endpoint-token';

export interface EndpointCaller {
  /** Who calls: the caller token's subject with auth on, `address:<client ip>` with auth off. */
  caller: string;
  /** Its rate-limit bucket (see `rateLimitKey`). */
  rateKey: string;
}

function howToGetToken(agent: string): string {
  return `an operator holding the agent's L9_PACKET_SECRET issues one with \`l9-runtime token --caller <name> --agent ${agent}\``;
}

function unauthorized(agent: string, code: string, message: string): HttpOutcome {
  return errorOutcome(
    401,
    code,
    message,
    {},
    { 'www-authenticate': `Bearer realm="${agent}", error="invalid_token"` },
  );
}

/**
 * Who is calling a declared endpoint, checked before anything reads the payload.
 *
 * Packet auth on (`L9_PACKET_SECRET`): `Authorization: Bearer <caller token>` is required (see caller-token.ts),
 * and an endpoint that declares `auth_required` also wants its own token in the `L9-Endpoint-Token` header —
 * the caller token says who calls, the endpoint token that this caller may use this endpoint. Packet auth off:
 * the endpoint stays open and the caller is its client address; an `auth_required` endpoint takes its token in
 * `L9-Endpoint-Token` or, as before, in `Authorization: Bearer`. Tokens are compared in constant time; no answer
 * repeats what was presented.
 */
export async function identifyEndpointCaller(
  endpoint: EndpointDefinition<unknown>,
  request: FastifyRequest,
  context: CallerContext,
): Promise<EndpointCaller | HttpOutcome> {
  const { identity, settings } = context;
  const identified = await authenticateCaller(request, context, `${endpoint.method} ${endpoint.path}`);
  if ('statusCode' in identified) return identified;
  const required = endpoint.requiredToken;
  if (required) {
    if (!required.value)
      return unauthorized(
        identity.id,
        'auth_not_configured',
        `${endpoint.name} requires ${required.auth}; set ${required.variable} on the agent`,
      );
    const presented =
      requestHeader(request, ENDPOINT_TOKEN_HEADER) ??
      (settings.auth.required ? undefined : bearerToken(request));
    if (presented === undefined || !sameSecret(presented, required.value)) {
      const where = settings.auth.required
        ? 'the L9-Endpoint-Token header'
        : 'the L9-Endpoint-Token header or Authorization: Bearer';
      return unauthorized(
        identity.id,
        'unauthorized',
        `${endpoint.name} requires a valid ${required.auth} in ${where}`,
      );
    }
  }
  return identified;
}

export interface CallerContext {
  identity: AgentIdentity;
  settings: ServerSettings;
  now: () => number;
}

/**
 * The caller of any authenticated route (`route` names it in the refusal): with packet auth on, the subject of
 * a valid caller token in `Authorization: Bearer`, else 401; with auth off, the client address.
 */
export async function authenticateCaller(
  request: FastifyRequest,
  context: CallerContext,
  route: string,
): Promise<EndpointCaller | HttpOutcome> {
  const { identity, settings } = context;
  if (!(settings.auth.required && settings.auth.secret))
    return { caller: `address:${request.ip}`, rateKey: rateLimitKey({ address: request.ip }) };
  const token = bearerToken(request);
  if (!token)
    return unauthorized(
      identity.id,
      'caller_token_required',
      `${route} needs a caller token while packet auth is on: send Authorization: Bearer <token>; ${howToGetToken(identity.id)}`,
    );
  return (
    verifiedTokens.get(token, settings.auth, identity.id, context.now()) ??
    verify(token, settings.auth.secret, context)
  );
}

async function verify(
  token: string,
  secret: string,
  context: CallerContext,
): Promise<EndpointCaller | HttpOutcome> {
  const { identity, settings } = context;
  const checked = await verifyCallerToken(token, { secret, agent: identity.id, now: context.now });
  if (!checked.ok)
    return unauthorized(
      identity.id,
      'invalid_caller_token',
      `${checked.message}; ${howToGetToken(identity.id)}`,
    );
  const caller = { caller: checked.caller, rateKey: rateLimitKey({ identity: checked.caller }) };
  verifiedTokens.set(token, settings.auth, identity.id, Date.parse(checked.expiresAt), caller);
  return caller;
}

/** Distinct tokens remembered as verified; a caller presents the same token on every call until it expires. */
const MAX_VERIFIED_TOKENS = 1024;

/**
 * Caller tokens that verified, until they expire, for the agent and auth settings (the object, never the
 * secret, is compared) they verified under. Checking a token's HMAC through WebCrypto took about a seventh of an
 * A2A call's CPU, and is asked twice per A2A call (the message, then the skill's endpoint admission), while the
 * answer cannot change before `exp`: a token carries no revocation, and a new packet secret is a new `auth`
 * object, which misses. Only successes are kept, so a flood of bad tokens costs verification and leaves nothing
 * behind; the map is bounded, the oldest entry going first when it is full.
 */
class VerifiedTokens {
  private readonly entries = new Map<
    string,
    { auth: ServerSettings['auth']; agent: string; expiresAt: number; caller: EndpointCaller }
  >();

  get(token: string, auth: ServerSettings['auth'], agent: string, now: number): EndpointCaller | undefined {
    const entry = this.entries.get(token);
    if (!entry || entry.auth !== auth || entry.agent !== agent) return undefined;
    if (now >= entry.expiresAt) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.caller;
  }

  set(
    token: string,
    auth: ServerSettings['auth'],
    agent: string,
    expiresAt: number,
    caller: EndpointCaller,
  ): void {
    if (this.entries.size >= MAX_VERIFIED_TOKENS)
      this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { auth, agent, expiresAt, caller });
  }
}

const verifiedTokens = new VerifiedTokens();
