import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { throwawayAnchors, throwawaySecrets } from '../config/throwaway-secrets';
import { createEnvelope } from '../envelope/create-envelope';
import type { PacketEnvelope } from '../envelope/envelope-schema';
import { signResolution } from '../governance/anchor-resolution';
import { escalationFileBeside, type EscalationRecord, type ResolutionAction } from '../governance';
import { randomSuffix, waitFor } from '../memory/testing/wait-for';
import { serviceUrl } from '../testing/service-urls';
import { postgresSchemas } from './create-agent-runtime';
import { startChildFaultAgent, type ChildFaultAgent } from './testing/child-fault-agent';

interface StoreSetup {
  env: Record<string, string>;
  /** Audit entries of the agent as (action, subject) pairs, read from where the store keeps them. */
  audited(): Promise<Array<{ action: string; subject: string | null }>>;
  /** Writes `record` (resolved, with its work) into the store as someone with write access to it would, agent stopped. */
  overwrite(record: EscalationRecord): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * A supervised agent in a child process holds every packet for its anchor. Killed with SIGKILL between the
 * escalation and the resolution, then started again over the same store, it must still hold the work once,
 * answer a resend with the same escalation, and on approval run it exactly once and show its result.
 */
function describeRestart(kind: string, setup: (agentId: string) => Promise<StoreSetup>): void {
  describe(`held work on ${kind} survives a kill -9 between escalation and resolution`, () => {
    const agentId = `held-${kind}-${randomSuffix()}`;
    const prefix = 'held';
    const anchors = throwawayAnchors(['Igor']);
    const { L9_PACKET_SECRET: _unsignedPackets, ...secrets } = throwawaySecrets();
    let store: StoreSetup;
    let agent: ChildFaultAgent | undefined;

    beforeAll(async () => {
      store = await setup(agentId);
    });

    afterAll(async () => {
      await agent?.kill();
      await store.cleanup();
      rmSync(join(anchors.env.L9_ANCHORS_FILE, '..'), { recursive: true, force: true });
    });

    const start = (logLevel = 'silent') =>
      startChildFaultAgent(agentId, prefix, {
        ...secrets,
        ...anchors.env,
        ...store.env,
        FAULT_AGENT_GOVERNANCE_MODE: 'supervised',
        L9_LOG_LEVEL: logLevel,
      });
    const send = async (envelope: PacketEnvelope) => {
      const response = await fetch(`${agent!.url}/${prefix}/packets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(envelope),
      });
      return {
        status: response.status,
        body: (await response.json()) as { payload: { escalation_id?: string } },
      };
    };
    /** The escalation as an anchor's tool reads it, with the `work_digest` a resolution signs. */
    const read = async (id: string) =>
      (await (await fetch(`${agent!.url}/${prefix}/escalations/${id}`)).json()) as EscalationRecord & {
        work_digest?: string;
      };
    const sign = async (id: string, action: ResolutionAction, reason: string) => {
      const { work_digest } = await read(id);
      return signResolution(anchors.privateKeys.get('Igor')!, {
        anchor: 'Igor',
        agent: agentId,
        escalation_id: id,
        action,
        reason,
        ...(work_digest ? { work_digest } : {}),
      });
    };
    const resolve = async (id: string, action: ResolutionAction, reason: string) => {
      const resolution = await sign(id, action, reason);
      const response = await fetch(`${agent!.url}/${prefix}/escalations/${id}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ resolution }),
      });
      return { status: response.status, body: (await response.json()) as { escalation: EscalationRecord } };
    };
    const escalations = async () =>
      (
        (await (await fetch(`${agent!.url}/${prefix}/escalations`)).json()) as {
          escalations: EscalationRecord[];
        }
      ).escalations;
    const recall = async (key: string) =>
      (await (await fetch(`${agent!.url}/${prefix}/v1/recall?key=${key}`)).json()) as { value: unknown };

    it('runs the approved work once after the restart, answers a resend with the same escalation, and delivers reject too', async () => {
      agent = await start();
      const remember = createEnvelope({
        packet_type: 'remember',
        source_agent: 'fault-tester',
        destination_agent: agentId,
        payload: { key: 'held-key', value: 'held-value' },
      });
      const refuse = createEnvelope({
        packet_type: 'remember',
        source_agent: 'fault-tester',
        destination_agent: agentId,
        payload: { key: 'refused-key', value: 'never' },
      });
      const first = await send(remember);
      const second = await send(refuse);
      expect([first.status, second.status]).toEqual([202, 202]);
      const id = first.body.payload.escalation_id!;
      const refusedId = second.body.payload.escalation_id!;

      await agent.kill();
      agent = await start();

      const resent = await send(remember);
      expect([resent.status, resent.body.payload.escalation_id]).toEqual([202, id]);
      expect((await escalations()).map((record) => [record.id, record.status])).toEqual([
        [id, 'paused'],
        [refusedId, 'paused'],
      ]);

      const approved = await resolve(id, 'approve', 'stored value checked');
      expect(approved.status).toBe(200);
      expect(approved.body.escalation).toMatchObject({
        status: 'approved',
        outcome: {
          state: 'completed',
          result: { packet_type: 'remember.result', payload: { stored: 'held-key' } },
        },
        delivered_at: expect.any(String),
      });
      expect(await recall('held-key')).toMatchObject({ value: 'held-value' });
      expect((await resolve(id, 'approve', 'again')).status).toBe(409);

      const rejected = await resolve(refusedId, 'reject', 'not this one');
      expect(rejected.body.escalation).toMatchObject({
        status: 'rejected',
        outcome: { state: 'rejected' },
        deliveries: [{ channel: 'event-stream', ok: true }],
      });
      expect(await recall('refused-key')).toMatchObject({ value: null });

      // After another kill -9 the outcome is still there, and nothing runs again.
      await agent.kill();
      agent = await start();
      const [held] = await escalations();
      expect(held).toMatchObject({ id, outcome: { state: 'completed' } });
      expect((await resolve(id, 'reject', 'too late')).status).toBe(409);
      const audited = (await store.audited())
        .filter((entry) => entry.subject === id)
        .map((entry) => entry.action);
      expect(audited.filter((action) => action === 'governance.held_work')).toHaveLength(1);
      // The late approval and rejection were refused (409) before anything was recorded.
      expect(audited.filter((action) => action.startsWith('governance.'))).toEqual([
        'governance.approve',
        'governance.held_work_started',
        'governance.held_work',
      ]);
    }, 120_000);

    it('does not run approved work whose stored work was changed after the approval, and logs why; untouched approved work runs', async () => {
      await agent?.kill();
      agent = await start();
      const honest = createEnvelope({
        packet_type: 'remember',
        source_agent: 'fault-tester',
        destination_agent: agentId,
        payload: { key: 'honest-key', value: 'approved' },
      });
      const target = createEnvelope({
        packet_type: 'remember',
        source_agent: 'fault-tester',
        destination_agent: agentId,
        payload: { key: 'target-key', value: 'approved' },
      });
      const honestId = (await send(honest)).body.payload.escalation_id!;
      const targetId = (await send(target)).body.payload.escalation_id!;
      // Genuine approvals, signed over the work each escalation shows, stored as an agent that stopped before running them leaves them.
      const approved = async (id: string): Promise<EscalationRecord> => {
        const { work_digest: _shown, ...record } = await read(id);
        const signature = await sign(id, 'approve', 'read and approved');
        const at = new Date().toISOString();
        return {
          ...record,
          status: 'approved',
          resolution: { by: 'Igor', at, reason: 'read and approved', signature, issued_at: at },
        };
      };
      const honestApproved = await approved(honestId);
      const targetApproved = await approved(targetId);
      await agent.kill();

      // Someone with write access to the store keeps the genuine signature and swaps the work it approved.
      const swapped = createEnvelope({
        packet_type: 'remember',
        source_agent: 'fault-tester',
        destination_agent: agentId,
        payload: { key: 'swapped-key', value: 'never approved' },
      });
      await store.overwrite(honestApproved);
      await store.overwrite({ ...targetApproved, work: { kind: 'packet', envelope: swapped } });

      agent = await start('error');
      const notRun = (line: string) =>
        line.includes('held work not run') &&
        line.includes('signed for other work than this escalation holds') &&
        line.includes(targetId);
      await waitFor(
        'the start to settle the stored approvals',
        async () => (await read(honestId)).outcome?.state === 'completed' && agent!.output().some(notRun),
      );
      expect(await recall('honest-key')).toMatchObject({ value: 'approved' });
      expect(await recall('swapped-key')).toMatchObject({ value: null });
      expect(await recall('target-key')).toMatchObject({ value: null });
      const untouched = await read(targetId);
      expect(untouched).toMatchObject({ status: 'approved' });
      expect(untouched.outcome).toBeUndefined();
      expect(
        (await store.audited()).filter(
          (entry) => entry.subject === targetId && entry.action === 'governance.held_work',
        ),
      ).toEqual([]);
    }, 120_000);
  });
}

describeRestart('file', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'l9-held-'));
  const auditFile = join(directory, 'audit.jsonl');
  return {
    // Empty values count as unset: the child must not pick up the backends of the test run's environment.
    env: { L9_AUDIT_FILE: auditFile, L9_POSTGRES_URL: '', L9_REDIS_URL: '' },
    async audited() {
      return readFileSync(auditFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { action: string; subject: string | null });
    },
    async overwrite(record) {
      // The file store reads its last line per escalation id.
      appendFileSync(escalationFileBeside(auditFile), `${JSON.stringify(record)}\n`);
    },
    async cleanup() {
      rmSync(directory, { recursive: true, force: true });
    },
  };
});

const postgres = serviceUrl('postgres');
if (postgres) {
  describeRestart('postgres', async (agentId) => {
    const env = { L9_POSTGRES_URL: postgres, L9_PG_SCHEMA_PREFIX: `l9_held_${randomSuffix()}` };
    const admin = new Pool({ connectionString: postgres, max: 1 });
    return {
      env,
      async audited() {
        const { rows } = await admin.query<{ action: string; subject: string | null }>(
          `SELECT action, subject FROM "${postgresSchemas(env).audit}"."audit_${agentId.replace(/-/g, '_')}" ORDER BY seq`,
        );
        return rows;
      },
      async overwrite(record) {
        const table = `"${postgresSchemas(env).governance}"."escalations_${agentId.replace(/-/g, '_')}"`;
        await admin.query(
          `UPDATE ${table} SET status = $2, resolution = $3::jsonb, record = jsonb_set(record, '{work}', $4::jsonb) WHERE id = $1`,
          [record.id, record.status, JSON.stringify(record.resolution), JSON.stringify(record.work)],
        );
      },
      async cleanup() {
        for (const schema of Object.values(postgresSchemas(env)))
          await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      },
    };
  });
}
