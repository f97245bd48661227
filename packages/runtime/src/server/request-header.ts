import type { FastifyRequest } from 'fastify';

/** A request header's value (the first, when it was sent more than once), or undefined when absent. */
export function requestHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The credential of an `Authorization: Bearer <credential>` header, or undefined when there is none. */
export function bearerToken(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(requestHeader(request, 'authorization') ?? '')?.[1];
}
