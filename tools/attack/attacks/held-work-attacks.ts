import { appendFileSync, readFileSync } from 'node:fs';
import {
  escalationFileBeside,
  escalationWorkDigest,
  type EscalationRecord,
} from '../../../packages/runtime/src/governance';
import type { Attack } from '../attack-result';
import { TARGET, type AttackContext } from '../attack-context';
import { probe } from '../http-probe';
import { escalationRecordAt, sendPacketTo } from './agent-requests';
import { brief, escalationIdOf } from './answer-fields';
import { auditFiles, startFileAgent } from './audit-file-agent';

interface ListedEscalation {
  decision?: { packet_id?: string };
}

/** Every escalation of the agent, page by page. */
async function allEscalations(context: AttackContext): Promise<ListedEscalation[]> {
  const all: ListedEscalation[] = [];
  let cursor: string | null = null;
  do {
    const page = await probe(
      'GET',
      `${context.url}/${TARGET.prefix}/escalations?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      undefined,
      await context.readerHeaders(),
    );
    if (page.status !== 200) throw new Error(`listing escalations: ${brief(page)}`);
    all.push(...((page.json?.['escalations'] as ListedEscalation[] | undefined) ?? []));
    cursor = (page.json?.['next_cursor'] as string | null | undefined) ?? null;
  } while (cursor);
  return all;
}

/** The last line the escalation file holds for `id` (the file store reads the last one per id). */
function storedLine(path: string, id: string): EscalationRecord | undefined {
  const lines = readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as EscalationRecord);
  return lines.filter((record) => record.id === id).pop();
}

/** Polls the agent at `url` until escalation `id` has a final outcome; a bounded wait for the start's resumption. */
async function settled(
  context: AttackContext,
  url: string,
  id: string,
): Promise<{ state?: string } | undefined> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const record = await escalationRecordAt(context, url, id);
    const outcome = record['outcome'] as { state?: string } | undefined;
    if (outcome && outcome.state !== 'running') return outcome;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

/** An endpoint call the anomaly rule escalates, as `caller`, under `key`. */
async function anomalyCall(context: AttackContext, caller: string, key: string, score: number) {
  const headers = { authorization: `Bearer ${await context.callerToken(caller)}`, 'idempotency-key': key };
  // A call its request schema accepts (a metric and its readings), carrying the signal the rule compares.
  const call = {
    metric: 'latency_ms',
    readings: [{ at: '2026-12-06T00:00:00Z', value: 12 }],
    ...context.calmSignals,
    anomaly_score: score,
  };
  return probe('POST', `${context.url}/${TARGET.prefix}/v6/anomaly`, call, headers);
}

export const heldWorkAttacks: Attack<AttackContext>[] = [
  {
    area: 'held work',
    name: 'without the anchor key, append an "approved" line (impostor-signed) to the escalation file, then restart',
    expected: 'nothing runs: the stored approval does not verify',
    async run(context) {
      const files = auditFiles(context, 'forged-approval');
      const start = () => startFileAgent(context, files);
      let agent = await start();
      try {
        const escalated = await sendPacketTo(agent.url, context.packet({ anomaly_score: 0.99 }));
        const id = escalationIdOf(escalated);
        if (!id) return { held: false, observed: `no escalation: ${brief(escalated)}` };
        await agent.stop();
        const path = escalationFileBeside(files.log);
        const paused = JSON.parse(readFileSync(path, 'utf8').trim().split('\n').pop()!) as EscalationRecord;
        const signature = await context.resolution(id, 'approve', {
          key: context.impostor.privateJwk,
          work_digest: escalationWorkDigest(paused) ?? null,
        });
        const resolution = {
          by: TARGET.anchor,
          at: paused.created_at,
          reason: 'forged',
          signature,
          issued_at: paused.created_at,
        };
        appendFileSync(path, `${JSON.stringify({ ...paused, status: 'approved', resolution })}\n`);
        agent = await start();
        const record = await escalationRecordAt(context, agent.url, id);
        const outcome = (record['outcome'] as { state?: string } | undefined)?.state;
        return {
          held: outcome === undefined,
          observed: `after restart: ${String(record['status'])}, outcome ${outcome ?? 'none (not run)'}`,
        };
      } finally {
        await agent.stop();
      }
    },
  },
  {
    area: 'held work',
    name: 'copy a genuine, already-run approval in the escalation file, swap its work and drop its outcome, then restart',
    expected: 'the swapped work never runs: the signature covers the work_digest of the work approved',
    async run(context) {
      const files = auditFiles(context, 'swapped-work');
      const start = () => startFileAgent(context, files);
      let agent = await start();
      try {
        // The target: approved by the real anchor after reading it, so its work ran and its record carries a genuine signature.
        const target = escalationIdOf(
          await sendPacketTo(agent.url, context.packet({ anomaly_score: 0.99, note: 'approved work' })),
        );
        // The control, approved the same way but left unrun (as a stop right after the answer leaves it): it must run at the restart.
        const control = escalationIdOf(
          await sendPacketTo(agent.url, context.packet({ anomaly_score: 0.97, note: 'control' })),
        );
        if (!target || !control) return { held: false, observed: 'no escalation opened' };
        const approved = await probe('POST', `${agent.url}/${TARGET.prefix}/escalations/${target}/approve`, {
          resolution: await context.resolution(target, 'approve', { url: agent.url }),
        });
        if (approved.status !== 200)
          return { held: false, observed: `the genuine approval was not taken: ${brief(approved)}` };
        const controlSignature = await context.resolution(control, 'approve', { url: agent.url });
        await agent.stop();

        const path = escalationFileBeside(files.log);
        const genuine = storedLine(path, target)!;
        const swapped = context.packet({
          anomaly_score: 0.99,
          note: 'swapped in after the approval',
          transfer: 'everything',
        });
        const { outcome: _ran, delivered_at: _delivered, deliveries: _deliveries, ...unrun } = genuine;
        appendFileSync(
          path,
          `${JSON.stringify({ ...unrun, work: { kind: 'packet', envelope: swapped } })}\n`,
        );
        const pausedControl = storedLine(path, control)!;
        const at = new Date().toISOString();
        appendFileSync(
          path,
          `${JSON.stringify({ ...pausedControl, status: 'approved', resolution: { by: TARGET.anchor, at, reason: 'reviewed by the attack run', signature: controlSignature, issued_at: at } })}\n`,
        );

        agent = await start();
        // The start resumes stored approvals in order (target first); once the control has run, the target was decided.
        const controlOutcome = await settled(context, agent.url, control);
        const record = await escalationRecordAt(context, agent.url, target);
        const outcome = (record['outcome'] as { state?: string } | undefined)?.state;
        // Not run either way: left approved with no outcome (its signature does not cover the swapped work), or marked
        // interrupted because the audit log shows the approved work already ran.
        return {
          held: controlOutcome?.state === 'completed' && (outcome === undefined || outcome === 'interrupted'),
          observed: `after restart: control ${controlOutcome?.state ?? 'not run'}; swapped ${String(record['status'])}, outcome ${outcome ?? 'none (not run)'}`,
        };
      } finally {
        await agent.stop();
      }
    },
  },
  {
    area: 'held work',
    name: 'approve held work with a signature made without reading it (no work_digest), or for other work',
    expected: '403 resolution_refused naming no anchor; still paused',
    async run(context) {
      const id = escalationIdOf(await context.send(context.packet({ anomaly_score: 0.99 })));
      if (!id) return { held: false, observed: 'no escalation opened' };
      const blind = await context.resolve(id, 'approve', {
        resolution: await context.resolution(id, 'approve', { work_digest: null }),
      });
      const other = await context.resolve(id, 'approve', {
        resolution: await context.resolution(id, 'approve', { work_digest: 'a'.repeat(64) }),
      });
      const after = (await context.escalation(id)).json ?? {};
      const refused = (answer: typeof blind) =>
        answer.status === 403 &&
        answer.json?.['error'] === 'resolution_refused' &&
        !answer.text.includes(TARGET.anchor);
      return {
        held: refused(blind) && refused(other) && after['status'] === 'paused',
        observed: `blind ${brief(blind)}, other work ${brief(other)}; escalation ${String(after['status'])}`,
      };
    },
  },
  {
    area: 'held work',
    name: 'another caller reuses a held Idempotency-Key, or a held packet id, for its own work',
    expected: "403 naming no escalation; the owner's resend still gets its escalation",
    async run(context) {
      const key = `order-${context.runId}`;
      const owner = await anomalyCall(context, 'attack-owner', key, 0.99);
      const id = escalationIdOf(owner);
      if (owner.status !== 202 || !id) return { held: false, observed: `owner's call ${brief(owner)}` };
      const intruder = await anomalyCall(context, 'attack-intruder', key, 0.99);
      const envelope = context.packet({ anomaly_score: 0.99 });
      const packetEscalation = escalationIdOf(await context.send(envelope));
      const viaPacketId = await anomalyCall(context, 'attack-intruder', envelope.packet_id, 0.99);
      const resend = await anomalyCall(context, 'attack-owner', key, 0.99);
      const leaked =
        intruder.text.includes(id) ||
        (packetEscalation !== undefined && viaPacketId.text.includes(packetEscalation));
      return {
        held:
          intruder.status === 403 && viaPacketId.status === 403 && !leaked && escalationIdOf(resend) === id,
        observed: `intruder with the key ${brief(intruder)}, with a held packet id ${brief(viaPacketId)}${leaked ? ', escalation id LEAKED' : ''}; owner's resend ${escalationIdOf(resend) === id ? 'same escalation' : brief(resend)}`,
      };
    },
  },
  {
    area: 'held work',
    name: 'kill -9 between escalation and approval; resend the packet; approve twice',
    expected: 'same escalation after restart, work runs once, result recorded',
    async run(context) {
      const envelope = context.packet({ anomaly_score: 0.99, note: 'held across a crash' });
      const first = await context.send(envelope);
      const id = escalationIdOf(first);
      if (first.status !== 202 || !id) return { held: false, observed: `first send ${brief(first)}` };
      await context.agent!.kill9();
      await context.start();
      const resent = await context.send(envelope);
      const sameEscalation = escalationIdOf(resent) === id;
      const approve = await context.resolve(id, 'approve', {
        resolution: await context.resolution(id, 'approve'),
      });
      const second = await context.resolve(id, 'approve', {
        resolution: await context.resolution(id, 'approve'),
      });
      const record = (await context.escalation(id)).json ?? {};
      const outcome = record['outcome'] as { state?: string; result?: unknown } | undefined;
      const forPacket = (await allEscalations(context)).filter(
        (item) => item.decision?.packet_id === envelope.packet_id,
      ).length;
      return {
        held:
          sameEscalation &&
          approve.status === 200 &&
          second.status === 409 &&
          outcome?.state === 'completed' &&
          outcome.result !== undefined &&
          forPacket === 1,
        observed: `resend: ${brief(resent)} ${sameEscalation ? 'same id' : 'NEW id'}; approve ${brief(approve)}, again ${brief(second)}; outcome ${outcome?.state ?? 'none'}; ${forPacket} escalation(s) for the packet`,
      };
    },
  },
  {
    area: 'held work',
    name: 'reject and override are delivered on the record',
    expected: 'rejected; overridden with the anchor value as result',
    async run(context) {
      const rejected = escalationIdOf(await context.send(context.packet({ anomaly_score: 0.99 })));
      const overridden = escalationIdOf(await context.send(context.packet({ anomaly_score: 0.98 })));
      if (!rejected || !overridden) return { held: false, observed: 'no escalation opened' };
      const reject = await context.resolve(rejected, 'reject', {
        resolution: await context.resolution(rejected, 'reject'),
      });
      const value = { verdict: 'anchor-chosen' };
      const override = await context.resolve(overridden, 'override', {
        resolution: await context.resolution(overridden, 'override', { value }),
      });
      const r = (await context.escalation(rejected)).json ?? {};
      const o = (await context.escalation(overridden)).json ?? {};
      const oOutcome = o['outcome'] as { state?: string; result?: unknown } | undefined;
      const held =
        reject.status === 200 &&
        override.status === 200 &&
        r['status'] === 'rejected' &&
        oOutcome?.state === 'overridden' &&
        JSON.stringify(oOutcome.result) === JSON.stringify(value);
      return {
        held,
        observed: `reject ${brief(reject)} → ${String(r['status'])}; override ${brief(override)} → ${oOutcome?.state ?? 'none'} ${JSON.stringify(oOutcome?.result ?? null)}`,
      };
    },
  },
];
