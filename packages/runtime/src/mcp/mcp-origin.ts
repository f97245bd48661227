import type { FastifyRequest } from 'fastify';
import { isLoopbackHost } from '../config/network-exposure';
import { errorOutcome, type HttpOutcome } from '../server/error-body';

// A host name that merely starts with "127." (127.rebound.example) is a DNS name, not a loopback address.
function isLoopbackOrigin(origin: string): boolean {
  try {
    const { hostname } = new URL(origin);
    return isLoopbackHost(hostname) || hostname.endsWith('.localhost');
  } catch {
    return false;
  }
}

/**
 * The MCP transport rules require servers to check `Origin` against DNS rebinding: a web page on another site
 * that re-points its own host name at the agent's address would otherwise reach an agent on loopback, where auth
 * is usually off, with the browser's blessing. MCP clients outside a browser send no `Origin`; a browser page may
 * call only from a loopback origin (local tools such as an inspector). Anything else is 403.
 */
export function refuseForeignOrigin(request: FastifyRequest): HttpOutcome | undefined {
  const origin = request.headers.origin;
  if (origin === undefined || isLoopbackOrigin(origin)) return undefined;
  return errorOutcome(
    403,
    'origin_refused',
    'the MCP endpoint takes calls from MCP clients and local pages only: a browser page from another origin may not call it',
  );
}
