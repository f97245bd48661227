import { ServerCallContext, UnauthenticatedUser, type User } from '@a2a-js/sdk/server';
import type { FastifyRequest } from 'fastify';

/** Keys of what the agent puts in a call's `ServerCallContext.state`. */
const REQUEST_STATE_KEY = 'l9.request';

/** A caller whose token verified: its subject names it, and scopes its tasks. */
class TokenCaller implements User {
  constructor(readonly userName: string) {}

  get isAuthenticated(): boolean {
    return true;
  }
}

/**
 * Whose tasks a call sees. With packet auth on, the caller token's subject: the SDK's stores key every task and
 * push config by it, so one caller can neither read nor cancel another's. With auth off there are no identities
 * (the caller is a client address, which proxies and NAT share), so every caller shares one scope.
 */
export function callerUser(caller: string, authRequired: boolean): User {
  return authRequired ? new TokenCaller(caller) : new UnauthenticatedUser();
}

/** The SDK call context of one HTTP request: its caller, the A2A version and extensions it asked for, and the request itself. */
export function callContextOf(
  request: FastifyRequest,
  user: User,
  requestedVersion: string | undefined,
  requestedExtensions: string[] | undefined,
): ServerCallContext {
  return new ServerCallContext({
    user,
    ...(requestedVersion !== undefined ? { requestedVersion } : {}),
    ...(requestedExtensions !== undefined ? { requestedExtensions } : {}),
    state: new Map<string, unknown>([[REQUEST_STATE_KEY, request]]),
  });
}

/** A context for work the agent does on a caller's behalf with no request at hand (settling a held task). */
export function ownerContextOf(user: User): ServerCallContext {
  return new ServerCallContext({ user });
}

/** The HTTP request a call came in on; undefined for contexts the agent made itself. */
export function requestOf(context: ServerCallContext): FastifyRequest | undefined {
  return context.state.get(REQUEST_STATE_KEY) as FastifyRequest | undefined;
}
