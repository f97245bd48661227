import type { FastifyError, FastifyInstance } from 'fastify';
import { errorOutcome, HttpOutcome } from './error-body';

/**
 * Turns fastify's own errors (unparsable JSON, body over the limit, wrong content type) and unknown routes into
 * the runtime's `{error, message}` bodies. Anything unexpected is a 500 without a stack trace; the log has it.
 */
export function registerErrorHandlers(
  app: FastifyInstance,
  onPacketRejected: (url: string | undefined, code: string) => void,
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const outcome = describe(error);
    if (outcome.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    onPacketRejected(request.routeOptions.url, (outcome.body as { error: string }).error);
    return reply.code(outcome.statusCode).send(outcome.body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        errorOutcome(404, 'route_not_found', `no route ${request.method} ${request.url.split('?')[0]}`).body,
      ),
  );
}

function describe(error: FastifyError): HttpOutcome {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errorOutcome(413, 'payload_too_large', error.message);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errorOutcome(400, 'invalid_json', error.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errorOutcome(415, 'unsupported_media_type', error.message);
  }
  if (error instanceof SyntaxError)
    return errorOutcome(400, 'invalid_json', `body is not valid JSON: ${error.message}`);
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return errorOutcome(status, 'bad_request', error.message);
  return errorOutcome(500, 'internal_error', 'the agent failed to handle the request');
}
