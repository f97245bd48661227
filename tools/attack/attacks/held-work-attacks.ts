import type { Attack } from '../attack-result';
import { TARGET, type AttackContext } from '../attack-context';
import { probe } from '../http-probe';
import { brief, escalationIdOf } from './answer-fields';

interface ListedEscalation {
  decision?: { packet_id?: string };
}

/** Every escalation of the agent, page by page. */
async function allEscalations(context: AttackContext): Promise<ListedEscalation[]> {
  const all: ListedEscalation[] = [];
  let cursor: string | null = null;
  do {
    const page = await probe('GET', `${context.url}/${TARGET.prefix}/escalations?limit=100${cursor ? `&cursor=${cursor}` : ''}`, undefined, await context.readerHeaders());
    if (page.status !== 200) throw new Error(`listing escalations: ${brief(page)}`);
    all.push(...((page.json?.['escalations'] as ListedEscalation[] | undefined) ?? []));
    cursor = (page.json?.['next_cursor'] as string | null | undefined) ?? null;
  } while (cursor);
  return all;
}

export const heldWorkAttacks: Attack<AttackContext>[] = [
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
      const approve = await context.resolve(id, 'approve', { resolution: await context.resolution(id, 'approve') });
      const second = await context.resolve(id, 'approve', { resolution: await context.resolution(id, 'approve') });
      const record = (await context.escalation(id)).json ?? {};
      const outcome = record['outcome'] as { state?: string; result?: unknown } | undefined;
      const forPacket = (await allEscalations(context)).filter((item) => item.decision?.packet_id === envelope.packet_id).length;
      return {
        held: sameEscalation && approve.status === 200 && second.status === 409 && outcome?.state === 'completed' && outcome.result !== undefined && forPacket === 1,
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
      const reject = await context.resolve(rejected, 'reject', { resolution: await context.resolution(rejected, 'reject') });
      const value = { verdict: 'anchor-chosen' };
      const override = await context.resolve(overridden, 'override', { resolution: await context.resolution(overridden, 'override', { value }) });
      const r = (await context.escalation(rejected)).json ?? {};
      const o = (await context.escalation(overridden)).json ?? {};
      const oOutcome = o['outcome'] as { state?: string; result?: unknown } | undefined;
      const held = reject.status === 200 && override.status === 200 && r['status'] === 'rejected' && oOutcome?.state === 'overridden' && JSON.stringify(oOutcome.result) === JSON.stringify(value);
      return { held, observed: `reject ${brief(reject)} → ${String(r['status'])}; override ${brief(override)} → ${oOutcome?.state ?? 'none'} ${JSON.stringify(oOutcome?.result ?? null)}` };
    },
  },
];
