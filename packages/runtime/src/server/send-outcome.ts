import type { FastifyReply } from 'fastify';
import type { HttpOutcome } from './error-body';

/** Sends an outcome as built by the runtime's checks: its headers, its status, its body. */
export function sendOutcome(reply: FastifyReply, outcome: HttpOutcome): FastifyReply {
  if (outcome.headers) void reply.headers(outcome.headers);
  return reply.code(outcome.statusCode).send(outcome.body);
}
