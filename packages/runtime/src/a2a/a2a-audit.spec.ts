import { TaskState, type Task } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import type { AgentBlueprint } from '../agent/agent-blueprint';
import type { EndpointContract } from '../agent/endpoint-contract';
import { serveAgent, type RunningAgent } from '../agent/serve-agent';
import { createTestRuntime } from '../agent/test-runtime';
import type { AuditEntry } from '../audit/audit-types';
import { issueCallerToken } from '../caller/caller-token';
import { testAnchors } from '../governance/anchor-test-support';
import { a2aClient, skillMessage } from './testing/a2a-test-client';

const SECRET = 'a2a-audit-spec-packet-secret-0123456789';
const anchorsFile = testAnchors(['Warden']).writeJwksFile();

/** A parcel locker: small parcels are stored at once, heavy ones wait for the warden. */
const blueprint: AgentBlueprint = {
  identity: {
    id: 'locker-bank',
    name: 'LockerBank',
    version: '1.0.0',
    routePrefix: 'locker',
    description: 'Stores parcels in lockers',
  },
  port: 0,
  governance: {
    anchors: ['Warden'],
    mode: 'hybrid',
    humanoverride: true,
    escalationpolicy: 'Escalate if: weight > 20',
  },
  memory: {},
  auditScope: [],
  featureFlags: {},
  peers: [],
};

const endpoints: EndpointContract[] = [
  {
    name: 'store_parcel',
    path: '/locker/v1/parcels',
    method: 'POST',
    timeout_ms: 2_000,
    operation: 'storer',
    description: 'Stores one parcel and answers its locker',
    request: {
      type: 'object',
      properties: { weight: { type: 'number' } },
      required: ['weight'],
      additionalProperties: false,
    },
  },
];

describe('A2A calls on the audit log', () => {
  let agent: RunningAgent<object>;
  let client: Client;
  const stored: unknown[] = [];

  beforeAll(async () => {
    const runtime = await createTestRuntime(blueprint, {
      L9_PACKET_SECRET: SECRET,
      L9_ANCHORS_FILE: anchorsFile,
    });
    runtime.operations.register({
      name: 'storer',
      handle: async (input) => (stored.push(input), { locker: stored.length }),
    });
    agent = serveAgent(runtime, { endpoints, modules: {} });
    const baseUrl = await agent.listen(0, '127.0.0.1');
    const token = await issueCallerToken({ secret: SECRET, caller: 'courier-9', agent: 'locker-bank' });
    ({ client } = await a2aClient(baseUrl, token));
  });

  afterAll(() => agent.close());

  const callEntries = async (): Promise<AuditEntry[]> =>
    (await agent.runtime.audit.entries()).filter((entry) => entry.action === 'endpoint.called');

  it('writes one entry for a call it answers, before the answer: the verified caller, the skill, the task and the verdict', async () => {
    const before = (await callEntries()).length;
    const task = (await client.sendMessage(skillMessage({ weight: 2 }, 'store_parcel'))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    // Read right after the answer: the append was acknowledged (flushed, under a signed head) before it.
    const entries = await callEntries();
    expect(entries).toHaveLength(before + 1);
    expect(entries.at(-1)).toMatchObject({
      agent: 'locker-bank',
      subject: `a2a-task:${task.id}`,
      data: {
        endpoint: 'store_parcel',
        door: 'a2a',
        caller: 'courier-9',
        task_id: task.id,
        governance: 'allow',
      },
    });
    expect((await agent.runtime.audit.verify()).ok).toBe(true);
  });

  it('writes the entry of a held call with its verdict, and none for a message refused before admission', async () => {
    const held = (await client.sendMessage(skillMessage({ weight: 40 }, 'store_parcel'))) as Task;
    expect(held.status?.state).toBe(TaskState.TASK_STATE_AUTH_REQUIRED);
    expect((await callEntries()).at(-1)).toMatchObject({
      subject: `a2a-task:${held.id}`,
      data: { task_id: held.id, governance: 'escalate' },
    });
    const count = (await callEntries()).length;
    const invalid = (await client.sendMessage(skillMessage({ weight: 'heavy' }, 'store_parcel'))) as Task;
    expect(invalid.status?.state).toBe(TaskState.TASK_STATE_REJECTED);
    expect(await callEntries()).toHaveLength(count);
  });
});
