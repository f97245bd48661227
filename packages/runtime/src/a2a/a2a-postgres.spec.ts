import { randomBytes } from 'node:crypto';
import { TaskState, type Task } from '@a2a-js/sdk';
import { Pool } from 'pg';
import type { AgentBlueprint } from '../agent/agent-blueprint';
import type { EndpointContract } from '../agent/endpoint-contract';
import { postgresSchemas } from '../agent/create-agent-runtime';
import { serveAgent, type RunningAgent } from '../agent/serve-agent';
import { createTestRuntime } from '../agent/test-runtime';
import { issueCallerToken } from '../caller/caller-token';
import { throwawaySecrets } from '../config/throwaway-secrets';
import { testAnchors } from '../governance/anchor-test-support';
import { serviceUrl } from '../testing/service-urls';
import { a2aClient, skillMessage } from './testing/a2a-test-client';

const url = serviceUrl('postgres');

const blueprint: AgentBlueprint = {
  identity: { id: 'permit-office', name: 'PermitOffice', version: '0.3.0', routePrefix: 'permits' },
  port: 0,
  governance: {
    anchors: ['Clerk'],
    mode: 'hybrid',
    humanoverride: false,
    escalationpolicy: 'Escalate if: floors > 3',
  },
  memory: {},
  auditScope: [],
  featureFlags: {},
  peers: [],
};

const endpoints: EndpointContract[] = [
  { name: 'issue_permit', path: '/permits/v1/issue', method: 'POST', timeout_ms: 2_000, operation: 'issuer' },
];

function asTask(result: unknown): Task {
  if (!result || typeof result !== 'object' || !('status' in result))
    throw new Error(`expected a task, got ${JSON.stringify(result)}`);
  return result as Task;
}

if (url) {
  describe('A2A tasks on PostgreSQL survive a restart', () => {
    const anchors = testAnchors(['Clerk']);
    const secrets = throwawaySecrets();
    const env = {
      ...secrets,
      L9_POSTGRES_URL: url,
      L9_PG_SCHEMA_PREFIX: `l9_a2a_${randomBytes(5).toString('hex')}`,
      L9_ANCHORS_FILE: anchors.writeJwksFile(),
    };
    const issued: unknown[] = [];
    let agent: RunningAgent<object> | undefined;

    async function start(): Promise<{ baseUrl: string; token: string }> {
      const runtime = await createTestRuntime(blueprint, env);
      runtime.operations.register({
        name: 'issuer',
        async handle(input) {
          issued.push(input);
          return { permit: `P-${issued.length}` };
        },
      });
      agent = serveAgent(runtime, { endpoints, modules: {} });
      const baseUrl = await agent.listen(0, '127.0.0.1');
      return {
        baseUrl,
        token: await issueCallerToken({
          secret: secrets['L9_PACKET_SECRET']!,
          caller: 'architect',
          agent: 'permit-office',
        }),
      };
    }

    afterAll(async () => {
      await agent?.close();
      const admin = new Pool({ connectionString: url, max: 1 });
      for (const schema of Object.values(postgresSchemas(env)))
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    });

    it('keeps completed and held tasks in the governance schema; after a restart an approval completes the held one', async () => {
      const first = await start();
      const { client } = await a2aClient(first.baseUrl, first.token);
      const done = asTask(await client.sendMessage(skillMessage({ floors: 2 }, 'issue_permit')));
      const held = asTask(await client.sendMessage(skillMessage({ floors: 12 }, 'issue_permit')));
      expect(done.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
      expect(held.status?.state).toBe(TaskState.TASK_STATE_AUTH_REQUIRED);
      await agent!.close();
      agent = undefined;

      const admin = new Pool({ connectionString: url, max: 1 });
      const { rows } = await admin.query(
        `SELECT id, status_state FROM "${postgresSchemas(env).governance}".a2a_tasks_permit_office ORDER BY id`,
      );
      await admin.end();
      expect(rows).toEqual(
        expect.arrayContaining([
          { id: done.id, status_state: 'TASK_STATE_COMPLETED' },
          { id: held.id, status_state: 'TASK_STATE_AUTH_REQUIRED' },
        ]),
      );

      const second = await start();
      const restarted = (await a2aClient(second.baseUrl, second.token)).client;
      const doneAgain = await restarted.getTask({ id: done.id, tenant: '' });
      expect(doneAgain.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
      expect(doneAgain.artifacts[0]?.parts[0]?.content).toEqual({ $case: 'data', value: { permit: 'P-1' } });
      const heldAgain = await restarted.getTask({ id: held.id, tenant: '' });
      expect(heldAgain.status?.state).toBe(TaskState.TASK_STATE_AUTH_REQUIRED);

      const escalation = (held.status?.message?.parts[1]?.content as { value: { escalation_id: string } })
        .value.escalation_id;
      // The anchor reads the escalation (a caller token: packet auth is on) and signs the digest of the work it holds.
      const shown = (await (
        await fetch(`${second.baseUrl}/permits/escalations/${escalation}`, {
          headers: { authorization: `Bearer ${second.token}` },
        })
      ).json()) as { work_digest: string };
      const resolution = await anchors.sign('Clerk', {
        agent: 'permit-office',
        escalation_id: escalation,
        action: 'approve',
        reason: 'zoning checked',
        work_digest: shown.work_digest,
      });
      const answer = await fetch(`${second.baseUrl}/permits/escalations/${escalation}/approve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ resolution }),
      });
      expect(answer.status).toBe(200);
      const completed = await restarted.getTask({ id: held.id, tenant: '' });
      expect(completed.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
      expect(completed.artifacts[0]?.parts[0]?.content).toEqual({ $case: 'data', value: { permit: 'P-2' } });
      expect(issued).toEqual([{ floors: 2 }, { floors: 12 }]);
    });
  });
}
