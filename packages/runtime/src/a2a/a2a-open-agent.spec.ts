import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { SendMessageRequest, TaskState, verifyAgentCardSignature, type Task } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import type { JWK } from 'jose';
import type { AgentBlueprint } from '../agent/agent-blueprint';
import { serveAgent, type RunningAgent } from '../agent/serve-agent';
import { createTestRuntime } from '../agent/test-runtime';
import { callerUser, ownerContextOf } from './a2a-caller';
import { taskStatus } from './a2a-parts';
import { a2aClient } from './testing/a2a-test-client';

/** A weather desk with packet auth off (a local run): open calls, one shared task scope. */
const blueprint: AgentBlueprint = {
  identity: { id: 'weather-desk', name: 'WeatherDesk', version: '1.0.0', routePrefix: 'weather' },
  port: 0,
  governance: { anchors: ['Forecaster'], mode: 'autonomous', humanoverride: false },
  memory: {},
  auditScope: [],
  featureFlags: {},
  peers: [],
};

describe('A2A with packet auth off', () => {
  const signingKey = generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const asked: unknown[] = [];
  let agent: RunningAgent<object>;
  let baseUrl: string;
  let client: Client;

  beforeAll(async () => {
    const runtime = await createTestRuntime(blueprint, { L9_AGENT_SIGNING_KEY: signingKey });
    runtime.operations.register({
      name: 'forecaster',
      async handle(input) {
        asked.push(input);
        return { outlook: 'rain' };
      },
    });
    agent = serveAgent(runtime, {
      endpoints: [
        {
          name: 'forecast',
          path: '/weather/v1/forecast',
          method: 'POST',
          timeout_ms: 1_000,
          operation: 'forecaster',
        },
      ],
      modules: {},
    });
    baseUrl = await agent.listen(0, '127.0.0.1');
    ({ client } = await a2aClient(baseUrl));
  });

  afterAll(async () => {
    await agent.close();
  });

  it('signs the card with L9_AGENT_SIGNING_KEY, and the SDK client verifies the card it resolved', async () => {
    const jwks = (await (await fetch(`${baseUrl}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
    const card = (await (await fetch(`${baseUrl}/.well-known/agent-card.json`)).json()) as {
      securitySchemes?: unknown;
      securityRequirements?: unknown;
    };
    expect(card.securitySchemes).toBeUndefined();
    expect(card.securityRequirements).toBeUndefined();
    expect(jwks.keys[0]?.x).toBe(agent.runtime.a2a.signingKey.publicJwk.x);
    expect(agent.runtime.a2a.signingKey.ephemeral).toBe(false);
    const verify = verifyAgentCardSignature(async (kid) => jwks.keys.find((key) => key.kid === kid) as JWK);
    await expect(client.getAgentCard(undefined, verify)).resolves.toMatchObject({ name: 'WeatherDesk' });
  });

  it('takes a message with text only as { text } for the default skill', async () => {
    const request = SendMessageRequest.fromJSON({
      message: { messageId: randomUUID(), role: 'ROLE_USER', parts: [{ text: 'tomorrow in Oslo?' }] },
    });
    const task = (await client.sendMessage(request)) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(asked.at(-1)).toEqual({ text: 'tomorrow in Oslo?' });
  });

  it('ends a task a restart cut off (left working by another run) as FAILED when it is read, and does not run it again', async () => {
    const context = ownerContextOf(callerUser('address:127.0.0.1', false));
    const id = randomUUID();
    const task: Task = {
      id,
      contextId: randomUUID(),
      status: taskStatus(TaskState.TASK_STATE_WORKING),
      artifacts: [],
      history: [],
      metadata: { l9: { run: 'a-run-before-the-restart', skill: 'forecast' } },
    };
    await agent.runtime.a2a.stores.tasks.save(task, context);
    const runs = asked.length;
    const read = await client.getTask({ id, tenant: '' });
    expect(read.status?.state).toBe(TaskState.TASK_STATE_FAILED);
    expect(read.status?.message?.parts[0]?.content).toEqual({
      $case: 'text',
      value: expect.stringMatching(/^the agent stopped while this task ran; it is not run again/),
    });
    expect((await agent.runtime.a2a.stores.tasks.load(id, context))?.status?.state).toBe(
      TaskState.TASK_STATE_FAILED,
    );
    expect(asked).toHaveLength(runs);
  });

  it('refuses a follow-up message to an existing task, before anything runs', async () => {
    const first = (await client.sendMessage(
      SendMessageRequest.fromJSON({
        message: { messageId: randomUUID(), role: 'ROLE_USER', parts: [{ data: { city: 'Bergen' } }] },
      }),
    )) as Task;
    const runs = asked.length;
    const followUp = SendMessageRequest.fromJSON({
      message: {
        messageId: randomUUID(),
        taskId: first.id,
        role: 'ROLE_USER',
        parts: [{ data: { city: 'Oslo' } }],
      },
    });
    await expect(client.sendMessage(followUp)).rejects.toThrow(/takes one message/);
    expect(asked).toHaveLength(runs);
  });

  it('answers JSON-RPC over plain HTTP, as curl sends it', async () => {
    const response = await fetch(`${baseUrl}/weather/a2a`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'a2a-version': '1.0' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'SendMessage',
        params: {
          message: {
            messageId: 'm-1',
            role: 'ROLE_USER',
            parts: [{ data: { city: 'Tromsø' } }],
            metadata: { skill: 'forecast' },
          },
        },
      }),
    });
    const body = (await response.json()) as {
      id: number;
      result: { task: { status: { state: string }; artifacts: { parts: { data: unknown }[] }[] } };
    };
    expect(response.status).toBe(200);
    expect(body.id).toBe(7);
    expect(body.result.task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(body.result.task.artifacts[0]?.parts[0]?.data).toEqual({ outlook: 'rain' });
  });
});
