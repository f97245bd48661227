import { createHmac, createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_CARD_PATH, Role, TaskState, type Message } from '@a2a-js/sdk';
import {
  AgentEvent,
  DefaultRequestHandler,
  InMemoryTaskStore,
  type AgentExecutor,
  type ExecutionEventBus,
  type RequestContext,
} from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';
import express from 'express';
import Fastify from 'fastify';
import type { AgentBlueprint } from '../../packages/runtime/src/agent/agent-blueprint';
import { createAgentRuntime } from '../../packages/runtime/src/agent/create-agent-runtime';
import type { EndpointContract } from '../../packages/runtime/src/agent/endpoint-contract';
import { serveAgent } from '../../packages/runtime/src/agent/serve-agent';
import { agentCardOf } from '../../packages/runtime/src/a2a/agent-card';
import { issueCallerToken } from '../../packages/runtime/src/caller/caller-token';
import { throwawayAnchors, throwawaySecrets } from '../../packages/runtime/src/config/throwaway-secrets';
import { canonicalize } from '../../packages/runtime/src/shared';
import type { JsonObject } from '../../packages/runtime/src/envelope/envelope-schema';
import { ChainedFile } from './a2a-chained-file';

/** The servers tools/bench/a2a.ts compares; each runs alone in its own process (a2a-server.ts). */
export const A2A_TARGETS = [
  'l9-a2a',
  'sdk-express',
  'sdk-express-task',
  'l9-packets',
  'minimal-packets',
] as const;
export type A2ATargetName = (typeof A2A_TARGETS)[number];

/** Where the load generator sends what. */
export interface A2ATarget {
  label: string;
  url: string;
  path: string;
  kind: 'a2a' | 'packets';
  headers: Record<string, string>;
  /** Secret the load generator signs packets with (packets only). */
  packetSecret?: string;
  /** Text every good answer contains; an answer without it is counted as a failure. */
  expect: string;
}

export interface RunningTarget {
  target: A2ATarget;
  /** Audit entries written so far (0 where there is no audit). */
  audited(): number;
  close(): Promise<void>;
}

/** The measured agent; its id and prefix are what the load generator addresses. */
export const BENCH_AGENT = {
  id: 'echo-desk',
  name: 'EchoDesk',
  version: '1.0.0',
  routePrefix: 'echo',
  description: 'Answers every call with its input',
};
export const BENCH_CALLER = 'bench-client';

const blueprint: AgentBlueprint = {
  identity: BENCH_AGENT,
  port: 0,
  // Evaluated on every call and every packet; the load sends risk 0.1, so nothing escalates.
  governance: {
    anchors: ['Reviewer'],
    mode: 'hybrid',
    humanoverride: true,
    escalationpolicy: 'Escalate if: risk > 0.9',
  },
  memory: {},
  auditScope: [],
  featureFlags: {},
  peers: [],
};

const echoInput = {
  type: 'object',
  properties: {
    text: { type: 'string' },
    items: { type: 'array', items: { type: 'number' } },
    risk: { type: 'number' },
  },
  required: ['text', 'risk'],
  additionalProperties: false,
};

const endpoints: EndpointContract[] = [
  {
    name: 'echo',
    path: '/echo/v1/echo',
    method: 'POST',
    timeout_ms: 5_000,
    operation: 'echo',
    description: 'Answers with its input',
    request: echoInput,
    response: echoInput,
  },
];

/**
 * An L9 agent as `l9-runtime` runs one, secure by default: packet auth on (callers present a caller token),
 * governance evaluating every call, the audit log in a file (fsync'd group commits) with its own keys, the
 * file-backed replay guard, and the rate limiter consulted on every call with a budget the benchmark never
 * exhausts. Everything else is the runtime's default. Its one skill (`echo`) answers with its input, as the reference does.
 */
async function startL9(kind: 'a2a' | 'packets'): Promise<RunningTarget> {
  const directory = await mkdtemp(join(tmpdir(), 'l9-bench-a2a-'));
  const secrets = throwawaySecrets();
  const env: NodeJS.ProcessEnv = {
    L9_LOG_LEVEL: 'silent',
    L9_HOST: '127.0.0.1',
    ...secrets,
    ...throwawayAnchors(['Reviewer'], directory).env,
    L9_AUDIT_FILE: join(directory, 'audit.jsonl'),
    L9_RATE_LIMIT_BURST: '1000000000',
    L9_RATE_LIMIT_PER_SECOND: '1000000000',
    // autocannon keeps each connection for the whole run and does not reconnect when a socket reaches the
    // agent's per-socket request cap (then answered 503); the reference has no cap either.
    L9_HTTP_MAX_REQUESTS_PER_SOCKET: '0',
  };
  const runtime = await createAgentRuntime(blueprint, env);
  runtime.operations.register({ name: 'echo', handle: async (input) => input });
  const echoPackets = {
    handlePacket: async (envelope: { payload: JsonObject }) => ({ payload: envelope.payload }),
  };
  const agent = serveAgent(runtime, { endpoints, modules: { echoPackets } });
  const url = await agent.listen(0, '127.0.0.1');
  const token = await issueCallerToken({
    secret: secrets['L9_PACKET_SECRET'] as string,
    caller: BENCH_CALLER,
    agent: BENCH_AGENT.id,
  });
  const target: A2ATarget =
    kind === 'a2a'
      ? {
          label: 'L9 agent A2A SendMessage',
          url,
          path: `/${BENCH_AGENT.routePrefix}/a2a`,
          kind,
          headers: { authorization: `Bearer ${token}` },
          expect: 'TASK_STATE_COMPLETED',
        }
      : {
          label: 'L9 agent POST /packets',
          url,
          path: `/${BENCH_AGENT.routePrefix}/packets`,
          kind,
          headers: {},
          packetSecret: secrets['L9_PACKET_SECRET'],
          expect: '"signature"',
        };
  return {
    target,
    audited: () => runtime.audit.head.seq,
    async close() {
      await agent.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The reference agent's logic: answers each message with a message carrying the same parts. */
class EchoExecutor implements AgentExecutor {
  async execute(context: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const reply: Message = {
      messageId: randomUUID(),
      contextId: context.contextId,
      taskId: '',
      role: Role.ROLE_AGENT,
      parts: context.userMessage.parts,
      metadata: undefined,
      extensions: [],
      referenceTaskIds: [],
    };
    bus.publish(AgentEvent.message(reply));
    bus.finished();
  }

  async cancelTask(): Promise<void> {}
}

/**
 * The reference's logic when it answers as L9 does, with a task: submitted, working, the input as its artifact,
 * completed. The same four events L9's executor publishes; the SDK's handler stores the task at each, where L9
 * folds a blocking call's events and stores its task once.
 */
class EchoTaskExecutor implements AgentExecutor {
  async execute(context: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const { taskId, contextId, userMessage } = context;
    const status = (state: TaskState) => ({ state, message: undefined, timestamp: new Date().toISOString() });
    bus.publish(
      AgentEvent.task({
        id: taskId,
        contextId,
        status: status(TaskState.TASK_STATE_SUBMITTED),
        artifacts: [],
        history: [userMessage],
        metadata: undefined,
      }),
    );
    bus.publish(
      AgentEvent.statusUpdate({
        taskId,
        contextId,
        status: status(TaskState.TASK_STATE_WORKING),
        metadata: undefined,
      }),
    );
    const artifact = {
      artifactId: `${taskId}-result`,
      name: 'echo',
      description: '',
      parts: userMessage.parts,
      metadata: undefined,
      extensions: [],
    };
    bus.publish(
      AgentEvent.artifactUpdate({
        taskId,
        contextId,
        artifact,
        append: false,
        lastChunk: true,
        metadata: undefined,
      }),
    );
    bus.publish(
      AgentEvent.statusUpdate({
        taskId,
        contextId,
        status: status(TaskState.TASK_STATE_COMPLETED),
        metadata: undefined,
      }),
    );
    bus.finished();
  }

  async cancelTask(): Promise<void> {}
}

/**
 * The reference: an A2A agent as the SDK documents one, on express with the SDK's own middleware
 * (`jsonRpcHandler`, `agentCardHandler`), `DefaultRequestHandler`, `InMemoryTaskStore` and an executor that only
 * echoes: with a message (`sdk-express`, the least an A2A agent can answer) or with a completed task as L9
 * answers (`sdk-express-task`). No authentication, no governance, no audit, no rate limit.
 */
async function startSdkExpress(reply: 'message' | 'task'): Promise<RunningTarget> {
  const card = agentCardOf({
    identity: BENCH_AGENT,
    endpoints,
    baseUrl: 'http://127.0.0.1',
    authRequired: false,
  });
  const handler = new DefaultRequestHandler(
    card,
    new InMemoryTaskStore(),
    reply === 'message' ? new EchoExecutor() : new EchoTaskExecutor(),
  );
  const app = express();
  app.use(`/${AGENT_CARD_PATH}`, agentCardHandler({ agentCardProvider: handler }));
  app.use(
    '/a2a/jsonrpc',
    jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }),
  );
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as { port: number };
  return {
    target: {
      label: reply === 'message' ? '@a2a-js/sdk express, message' : '@a2a-js/sdk express, task',
      url: `http://127.0.0.1:${port}`,
      path: '/a2a/jsonrpc',
      kind: 'a2a',
      headers: {},
      expect: reply === 'message' ? '"ROLE_AGENT"' : 'TASK_STATE_COMPLETED',
    },
    audited: () => 0,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

const hmac = (key: string, text: string) => createHmac('sha256', key).update(text).digest();

/**
 * The least a signed-packet route must do, on bare fastify: check the payload's sha256 and the HMAC over the
 * envelope's canonical JSON (constant-time), append one HMAC-chained line to a file and fsync it before
 * answering (lines that arrive during an fsync share the next one, the group commit an audit log does), and
 * answer with a signed response. No schema, replay cache, rate limit or governance.
 */
async function startMinimalPackets(): Promise<RunningTarget> {
  const directory = await mkdtemp(join(tmpdir(), 'l9-bench-minimal-'));
  const secret = throwawaySecrets()['L9_PACKET_SECRET'] as string;
  const chain = new ChainedFile(join(directory, 'chain.jsonl'), `${secret}-chain`);
  const app = Fastify();
  app.post('/packets', async (request, reply) => {
    const { signature, ...unsigned } = request.body as Record<string, unknown> & {
      signature?: string;
      payload: JsonObject;
      content_hash: string;
      packet_id: string;
      source_agent: string;
    };
    const payloadHash = createHash('sha256').update(canonicalize(unsigned.payload)).digest('hex');
    const given = Buffer.from(String(signature), 'hex');
    const expected = hmac(secret, canonicalize(unsigned));
    if (
      payloadHash !== unsigned.content_hash ||
      given.length !== expected.length ||
      !timingSafeEqual(given, expected)
    )
      return reply.code(401).send({ error: 'bad_signature' });
    await chain.append({
      action: 'packet.received',
      packet_id: unsigned.packet_id,
      source_agent: unsigned.source_agent,
      content_hash: unsigned.content_hash,
      at: new Date().toISOString(),
    });
    const response: Record<string, unknown> = {
      packet_id: randomUUID(),
      parent_id: unsigned.packet_id,
      source_agent: BENCH_AGENT.id,
      destination_agent: unsigned.source_agent,
      timestamp: new Date().toISOString(),
      payload: unsigned.payload,
    };
    response['content_hash'] = createHash('sha256').update(canonicalize(unsigned.payload)).digest('hex');
    response['signature'] = hmac(secret, canonicalize(response)).toString('hex');
    return reply.send(response);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    target: {
      label: 'minimal fastify signed route',
      url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
      path: '/packets',
      kind: 'packets',
      headers: {},
      packetSecret: secret,
      expect: '"signature"',
    },
    audited: () => chain.written,
    async close() {
      await app.close();
      chain.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export function startTarget(name: A2ATargetName): Promise<RunningTarget> {
  if (name === 'l9-a2a') return startL9('a2a');
  if (name === 'l9-packets') return startL9('packets');
  if (name === 'sdk-express') return startSdkExpress('message');
  if (name === 'sdk-express-task') return startSdkExpress('task');
  return startMinimalPackets();
}
