import { createPublicKey } from 'node:crypto';
import { TaskState, verifyAgentCardSignature, type Task } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import type { JWK } from 'jose';
import type { AgentBlueprint } from '../agent/agent-blueprint';
import type { EndpointContract } from '../agent/endpoint-contract';
import { serveAgent, type RunningAgent } from '../agent/serve-agent';
import { createTestRuntime } from '../agent/test-runtime';
import { issueCallerToken } from '../caller/caller-token';
import { testAnchors } from '../governance/anchor-test-support';
import { a2aClient, skillMessage } from './testing/a2a-test-client';

const SECRET = 'a2a-spec-packet-secret-0123456789';
const anchors = testAnchors(['Controller']);
const anchorsFile = anchors.writeJwksFile();

/** A small bookkeeping agent, nothing like TensorAIOS: entries are posted, large ones wait for the controller. */
const blueprint: AgentBlueprint = {
  identity: {
    id: 'ledger-desk',
    name: 'LedgerDesk',
    version: '2.1.0',
    routePrefix: 'ledger',
    description: 'Posts journal entries and answers balances',
  },
  port: 0,
  governance: {
    anchors: ['Controller'],
    mode: 'hybrid',
    humanoverride: true,
    escalationpolicy: 'Escalate if: amount > 1000',
  },
  memory: {},
  auditScope: [],
  featureFlags: {},
  peers: [],
};

const endpoints: EndpointContract[] = [
  {
    name: 'post_entry',
    path: '/ledger/v1/entries',
    method: 'POST',
    timeout_ms: 2_000,
    operation: 'poster',
    description: 'Posts one journal entry and answers the new balance',
    request: {
      type: 'object',
      properties: { amount: { type: 'number' }, memo: { type: 'string' } },
      required: ['amount'],
      additionalProperties: false,
    },
    response: {
      type: 'object',
      properties: { entry: { type: 'integer' }, balance: { type: 'number' } },
      required: ['entry', 'balance'],
    },
  },
  { name: 'balance', path: '/ledger/v1/balance', method: 'GET', timeout_ms: 1_000, operation: 'balance' },
];

function state(task: Task): TaskState | undefined {
  return task.status?.state;
}

function statusText(task: Task): string {
  return (task.status?.message?.parts ?? [])
    .flatMap((part) => (part.content?.$case === 'text' ? [part.content.value] : []))
    .join(' ');
}

function artifactData(task: Task): unknown {
  const part = task.artifacts[0]?.parts[0];
  return part?.content?.$case === 'data' ? part.content.value : undefined;
}

function asTask(result: unknown): Task {
  if (!result || typeof result !== 'object' || !('status' in result))
    throw new Error(`expected a task, got ${JSON.stringify(result)}`);
  return result as Task;
}

describe('A2A: every agent is an A2A agent on the official SDK, its skills the declared endpoints', () => {
  let agent: RunningAgent<object>;
  let baseUrl: string;
  let client: Client;
  let balance = 0;
  const posted: unknown[] = [];

  beforeAll(async () => {
    const runtime = await createTestRuntime(blueprint, {
      L9_PACKET_SECRET: SECRET,
      L9_ANCHORS_FILE: anchorsFile,
    });
    runtime.operations.register({
      name: 'poster',
      async handle(input) {
        posted.push(input);
        balance += Number(input['amount']);
        return { entry: posted.length, balance };
      },
    });
    runtime.operations.register({ name: 'balance', handle: async () => ({ balance }) });
    agent = serveAgent(runtime, { endpoints, modules: {} });
    baseUrl = await agent.listen(0, '127.0.0.1');
    ({ client } = await a2aClient(
      baseUrl,
      await issueCallerToken({ secret: SECRET, caller: 'bookkeeper', agent: 'ledger-desk' }),
    ));
  });

  afterAll(async () => {
    await agent.close();
  });

  it('serves a signed Agent Card that the SDK verifies with the key its JWKS publishes', async () => {
    const card = (await (await fetch(`${baseUrl}/.well-known/agent-card.json`)).json()) as Record<
      string,
      unknown
    > & { signatures: unknown[] };
    expect(card).toMatchObject({
      name: 'LedgerDesk',
      description: 'Posts journal entries and answers balances',
      version: '2.1.0',
      provider: { organization: 'L9' },
      supportedInterfaces: [
        { url: `${baseUrl}/ledger/a2a`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
      ],
      capabilities: { streaming: true, pushNotifications: true },
      securitySchemes: { l9CallerToken: { httpAuthSecurityScheme: { scheme: 'Bearer' } } },
      skills: [
        {
          id: 'post_entry',
          description: 'Posts one journal entry and answers the new balance',
          inputModes: ['application/json', 'text/plain'],
          outputModes: ['application/json'],
        },
        { id: 'balance', description: 'GET /ledger/v1/balance of LedgerDesk' },
      ],
    });
    expect(card.signatures).toHaveLength(1);
    const keys: { kid: string; jku: string }[] = [];
    const verify = verifyAgentCardSignature(async (kid, jku) => {
      keys.push({ kid, jku: String(jku) });
      const jwks = (await (await fetch(String(jku))).json()) as { keys: JWK[] };
      const jwk = jwks.keys.find((key) => key.kid === kid);
      if (!jwk) throw new Error(`no key ${kid}`);
      return jwk;
    });
    await expect(verify(card as never)).resolves.toBeUndefined();
    expect(keys).toEqual([{ kid: expect.any(String), jku: `${baseUrl}/.well-known/jwks.json` }]);
    // A card altered in transit (here: its security dropped) no longer verifies. (The SDK reports each failed signature on console.debug.)
    const debug = jest.spyOn(console, 'debug').mockImplementation(() => undefined);
    await expect(verify({ ...card, securitySchemes: {} } as never)).rejects.toThrow(/No valid signatures/);
    debug.mockRestore();
  });

  it("carries the skills' request and response schemas in a signed extension", async () => {
    const card = (await (await fetch(`${baseUrl}/.well-known/agent-card.json`)).json()) as {
      capabilities: { extensions: { uri: string; params: Record<string, unknown> }[] };
    };
    expect(card.capabilities.extensions).toEqual([
      expect.objectContaining({
        uri: 'urn:l9:a2a:skill-schemas:v1',
        params: {
          skills: { post_entry: { request: endpoints[0].request, response: endpoints[0].response } },
        },
      }),
    ]);
  });

  it("completes a message with the skill's result as the task's artifact", async () => {
    const task = asTask(await client.sendMessage(skillMessage({ amount: 25, memo: 'stamps' }, 'post_entry')));
    expect(state(task)).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(artifactData(task)).toEqual({ entry: expect.any(Number), balance: expect.any(Number) });
    expect(posted.at(-1)).toEqual({ amount: 25, memo: 'stamps' });
    const again = await client.getTask({ id: task.id, tenant: '' });
    expect(state(again)).toBe(TaskState.TASK_STATE_COMPLETED);
  });

  it('hands a message without metadata.skill to the default skill, the first declared endpoint', async () => {
    const before = posted.length;
    const task = asTask(await client.sendMessage(skillMessage({ amount: 1 })));
    expect(state(task)).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(posted).toHaveLength(before + 1);
  });

  it("streams the task's status updates as Server-Sent Events", async () => {
    const states: (TaskState | undefined)[] = [];
    const kinds: string[] = [];
    for await (const event of client.sendMessageStream(skillMessage({ amount: 5 }, 'post_entry'))) {
      kinds.push(event.payload?.$case ?? 'none');
      if (event.payload?.$case === 'statusUpdate') states.push(event.payload.value.status?.state);
    }
    expect(kinds[0]).toBe('task');
    expect(kinds).toContain('artifactUpdate');
    expect(states).toEqual([TaskState.TASK_STATE_WORKING, TaskState.TASK_STATE_COMPLETED]);
  });

  /** The escalation as an anchor's tool reads it (with a caller token): held work, its `work_digest`, deliveries. */
  const readEscalation = async (id: string) =>
    (await (
      await fetch(`${baseUrl}/ledger/escalations/${id}`, {
        headers: {
          authorization: `Bearer ${await issueCallerToken({ secret: SECRET, caller: 'auditor', agent: 'ledger-desk' })}`,
        },
      })
    ).json()) as {
      work_digest?: string;
      deliveries: { channel: string; ok: boolean }[];
    };

  it("holds an escalating message as an AUTH_REQUIRED task until the anchor's signed approval completes it", async () => {
    const before = posted.length;
    const held = asTask(
      await client.sendMessage(skillMessage({ amount: 5000, memo: 'new server' }, 'post_entry')),
    );
    expect(state(held)).toBe(TaskState.TASK_STATE_AUTH_REQUIRED);
    expect(statusText(held)).toMatch(
      /^escalated to Controller by .*; the task completes when an anchor approves escalation /,
    );
    expect(posted).toHaveLength(before);
    const shown = await client.getTask({ id: held.id, tenant: '' });
    expect(state(shown)).toBe(TaskState.TASK_STATE_AUTH_REQUIRED);
    const escalation = (held.status?.message?.parts[1]?.content as { value: { escalation_id: string } }).value
      .escalation_id;
    // Its caller cannot cancel it: only the anchor ends it.
    await expect(client.cancelTask({ id: held.id, tenant: '', metadata: undefined })).rejects.toThrow(
      /held for an anchor/,
    );

    const resolution = await anchors.sign('Controller', {
      agent: 'ledger-desk',
      escalation_id: escalation,
      action: 'approve',
      reason: 'budgeted',
      work_digest: (await readEscalation(escalation)).work_digest,
    });
    const approved = await fetch(`${baseUrl}/ledger/escalations/${escalation}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resolution }),
    });
    expect(approved.status).toBe(200);
    const done = await client.getTask({ id: held.id, tenant: '' });
    expect(state(done)).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(artifactData(done)).toEqual({ entry: expect.any(Number), balance: expect.any(Number) });
    expect(statusText(done)).toMatch(/approved by Controller: budgeted/);
    expect(posted.slice(before)).toEqual([{ amount: 5000, memo: 'new server' }]);
    const record = await readEscalation(escalation);
    expect(record.deliveries).toContainEqual({ channel: 'a2a-task', ok: true, target: held.id });
  });

  it('ends a held task REJECTED when the anchor rejects, and nothing runs', async () => {
    const before = posted.length;
    const held = asTask(await client.sendMessage(skillMessage({ amount: 9000 }, 'post_entry')));
    const escalation = (held.status?.message?.parts[1]?.content as { value: { escalation_id: string } }).value
      .escalation_id;
    const resolution = await anchors.sign('Controller', {
      agent: 'ledger-desk',
      escalation_id: escalation,
      action: 'reject',
      reason: 'not budgeted',
      work_digest: (await readEscalation(escalation)).work_digest,
    });
    await fetch(`${baseUrl}/ledger/escalations/${escalation}/reject`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resolution }),
    });
    const done = await client.getTask({ id: held.id, tenant: '' });
    expect(state(done)).toBe(TaskState.TASK_STATE_REJECTED);
    expect(statusText(done)).toMatch(/rejected by Controller: not budgeted/);
    expect(posted).toHaveLength(before);
  });

  it("refuses input that breaks the skill's request schema, naming the field, and runs nothing", async () => {
    const before = posted.length;
    const task = asTask(await client.sendMessage(skillMessage({ amount: 'ten' }, 'post_entry')));
    expect(state(task)).toBe(TaskState.TASK_STATE_REJECTED);
    expect(statusText(task)).toMatch(/amount/);
    expect(posted).toHaveLength(before);
  });

  it('refuses a skill the card does not list, naming the skills it does', async () => {
    const task = asTask(await client.sendMessage(skillMessage({ amount: 1 }, 'wire_transfer')));
    expect(state(task)).toBe(TaskState.TASK_STATE_REJECTED);
    expect(statusText(task)).toBe(
      'this agent has no skill "wire_transfer"; its skills are: post_entry, balance',
    );
  });

  it('refuses unauthenticated calls with auth on, before reading them', async () => {
    const { client: anonymous } = await a2aClient(baseUrl);
    await expect(anonymous.sendMessage(skillMessage({ amount: 1 }, 'post_entry'))).rejects.toThrow(
      /401.*caller_token_required/s,
    );
    const forged = await a2aClient(
      baseUrl,
      await issueCallerToken({
        secret: 'another-secret-0123456789abcdef',
        caller: 'mallory',
        agent: 'ledger-desk',
      }),
    );
    await expect(forged.client.getTask({ id: 'any', tenant: '' })).rejects.toThrow(
      /401.*invalid_caller_token/s,
    );
  });

  it("keeps one caller's tasks from another", async () => {
    const task = asTask(await client.sendMessage(skillMessage({ amount: 2 }, 'post_entry')));
    const other = await a2aClient(
      baseUrl,
      await issueCallerToken({ secret: SECRET, caller: 'someone-else', agent: 'ledger-desk' }),
    );
    await expect(other.client.getTask({ id: task.id, tenant: '' })).rejects.toThrow(/not found/i);
  });

  it('refuses a push notification config outside L9_CALLBACK_ALLOWLIST', async () => {
    const task = asTask(await client.sendMessage(skillMessage({ amount: 3 }, 'post_entry')));
    await expect(
      client.createTaskPushNotificationConfig({
        tenant: '',
        id: 'hook',
        taskId: task.id,
        url: 'http://169.254.169.254/latest',
        token: '',
        authentication: undefined,
      }),
    ).rejects.toThrow(/L9_CALLBACK_ALLOWLIST/);
  });

  it('publishes the key that verifies the card, and only the public half', async () => {
    const jwks = (await (await fetch(`${baseUrl}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: expect.any(String),
      kid: expect.any(String),
      alg: 'EdDSA',
      use: 'sig',
    });
    expect(createPublicKey({ key: jwks.keys[0] as never, format: 'jwk' }).asymmetricKeyType).toBe('ed25519');
  });
});
