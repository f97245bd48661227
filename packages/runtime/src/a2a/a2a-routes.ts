import {
  AGENT_CARD_PATH,
  A2A_VERSION_HEADER,
  Extensions,
  HTTP_EXTENSION_HEADER,
  SSE_HEADERS,
  formatSSEErrorEvent,
  formatSSEEvent,
} from '@a2a-js/sdk';
import { JsonRpcTransportHandler, validateVersion, type A2ARequestHandler } from '@a2a-js/sdk/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticateCaller, type CallerContext } from '../server/endpoint-caller';
import { callContextOf, callerUser } from './a2a-caller';
import { a2aPath, JWKS_PATH } from './agent-card';
import type { CardJson } from './signed-agent-card';

type JsonRpcResponse = Awaited<ReturnType<JsonRpcTransportHandler['handle']>>;
type JsonRpcStream = Extract<JsonRpcResponse, AsyncGenerator<unknown>>;

export interface A2ARouteOptions {
  /** Who may call, as for every authenticated route of the agent (caller token with packet auth on). */
  caller: CallerContext;
  handler: A2ARequestHandler;
  /** The signed card as served; built once, when first asked for. */
  card(): Promise<CardJson>;
  jwks: { keys: object[] };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function rpcId(body: unknown): string | number | null {
  const id = (body as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

function isStream(response: JsonRpcResponse): response is JsonRpcStream {
  return typeof (response as Partial<JsonRpcStream>)[Symbol.asyncIterator] === 'function';
}

/**
 * Serves the agent's A2A surface on its own fastify server, no other HTTP framework in the way:
 *   GET  /.well-known/agent-card.json  the signed Agent Card (public, as discovery needs);
 *   GET  /.well-known/jwks.json        the public key its signature verifies with;
 *   POST /<prefix>/a2a                 A2A 1.0 JSON-RPC through the SDK's JsonRpcTransportHandler: SendMessage,
 *                                      SendStreamingMessage and SubscribeToTask (answered as Server-Sent
 *                                      Events), GetTask, ListTasks, CancelTask and the push notification
 *                                      config methods.
 * The JSON-RPC route authenticates first, like the agent's other routes: with packet auth on, a missing or bad
 * caller token is answered 401 before the body is looked at. The caller then scopes what the call sees.
 */
export function registerA2ARoutes(app: FastifyInstance, routePrefix: string, options: A2ARouteOptions): void {
  const transport = new JsonRpcTransportHandler(options.handler);
  const path = a2aPath(routePrefix);
  const authRequired = Boolean(options.caller.settings.auth.required && options.caller.settings.auth.secret);

  app.get(`/${AGENT_CARD_PATH}`, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(await options.card()),
  );
  app.get(JWKS_PATH, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(options.jwks),
  );

  app.post(path, async (request, reply) => {
    const caller = await authenticateCaller(request, options.caller, `POST ${path}`);
    if ('statusCode' in caller)
      return reply
        .code(caller.statusCode)
        .headers(caller.headers ?? {})
        .send(caller.body);
    const extensions = header(request, HTTP_EXTENSION_HEADER);
    const context = callContextOf(
      request,
      callerUser(caller.caller, authRequired),
      header(request, A2A_VERSION_HEADER),
      extensions === undefined ? undefined : Extensions.parseServiceParameter(extensions),
    );
    const id = rpcId(request.body);
    try {
      validateVersion(context.requestedVersion, await options.handler.getAgentCard(), 'JSONRPC');
    } catch (error) {
      return reply.send({ jsonrpc: '2.0', id, error: JsonRpcTransportHandler.mapToJSONRPCError(error) });
    }
    const response = await transport.handle(request.body as Record<string, unknown>, context);
    if (context.activatedExtensions?.length)
      void reply.header(HTTP_EXTENSION_HEADER, Extensions.toServiceParameter(context.activatedExtensions));
    if (isStream(response)) return streamEvents(request, reply, response, id);
    return reply.send(response);
  });
}

/**
 * A streaming answer as Server-Sent Events, one JSON-RPC response per event. An error before the first event
 * is an ordinary JSON-RPC error answer; one after it is an `error` event, then the stream ends.
 */
async function streamEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  stream: JsonRpcStream,
  id: string | number | null,
): Promise<FastifyReply> {
  const iterator = stream[Symbol.asyncIterator]();
  let first: IteratorResult<unknown>;
  try {
    first = await iterator.next();
  } catch (error) {
    return reply.send({ jsonrpc: '2.0', id, error: JsonRpcTransportHandler.mapToJSONRPCError(error) });
  }
  void reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, SSE_HEADERS);
  try {
    if (!first.done) raw.write(formatSSEEvent(first.value));
    for await (const event of { [Symbol.asyncIterator]: () => iterator }) raw.write(formatSSEEvent(event));
  } catch (error) {
    request.log.warn({ err: error }, 'A2A event stream ended by an error');
    if (!raw.writableEnded)
      raw.write(
        formatSSEErrorEvent({ jsonrpc: '2.0', id, error: JsonRpcTransportHandler.mapToJSONRPCError(error) }),
      );
  } finally {
    if (!raw.writableEnded) raw.end();
  }
  return reply;
}
