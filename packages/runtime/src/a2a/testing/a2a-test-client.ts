import { randomUUID } from 'node:crypto';
import { SendMessageRequest, type AgentCard } from '@a2a-js/sdk';
import {
  ClientFactory,
  ClientFactoryOptions,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
  type Client,
} from '@a2a-js/sdk/client';

/** A fetch that sends `Authorization: Bearer <token>` with every request (the caller token, with packet auth on). */
export function bearerFetch(token: string | undefined): typeof fetch {
  if (token === undefined) return fetch;
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
}

/** The official SDK client for the agent at `baseUrl`: card from `/.well-known/agent-card.json`, JSON-RPC transport. */
export async function a2aClient(
  baseUrl: string,
  token?: string,
): Promise<{ client: Client; card: AgentCard }> {
  const fetchImpl = bearerFetch(token);
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory({ fetchImpl })],
      cardResolver: new DefaultAgentCardResolver({ fetchImpl }),
    }),
  );
  const client = await factory.createFromUrl(baseUrl);
  return { client, card: await client.getAgentCard() };
}

/** A SendMessage request as a client writes it in JSON: `data` as the one data part, `skill` in the message's metadata. */
export function skillMessage(
  data: Record<string, unknown>,
  skill?: string,
  configuration?: Record<string, unknown>,
): SendMessageRequest {
  return SendMessageRequest.fromJSON({
    message: {
      messageId: randomUUID(),
      role: 'ROLE_USER',
      parts: [{ data, mediaType: 'application/json' }],
      ...(skill ? { metadata: { skill } } : {}),
    },
    ...(configuration ? { configuration } : {}),
  });
}
