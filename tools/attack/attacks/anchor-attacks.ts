import type { Attack, AttackOutcome } from '../attack-result';
import { TARGET, type AttackContext } from '../attack-context';
import { probe, type ProbeAnswer } from '../http-probe';
import { brief, escalationIdOf } from './answer-fields';

/** An escalation to aim at: a packet whose anomaly score is over the policy's threshold. */
export async function openEscalation(
  context: AttackContext,
  payload: Record<string, number | string | boolean> = { anomaly_score: 0.99 },
): Promise<string> {
  const answer = await context.send(context.packet(payload));
  const id = escalationIdOf(answer);
  if (answer.status !== 202 || !id)
    throw new Error(`a packet over the threshold was answered ${brief(answer)}, not 202 with an escalation`);
  return id;
}

/** Does a refusal's text give away who the anchors are? */
function namesAnAnchor(text: string): boolean {
  return [TARGET.anchor, 'System Oversight Committee', 'anchors:'].some((name) =>
    text.toLowerCase().includes(name.toLowerCase()),
  );
}

/** A forged or replayed approval held: answered 403, and escalation `id` still paused after it. */
async function refusedStillPaused(
  context: AttackContext,
  id: string,
  answer: ProbeAnswer,
): Promise<AttackOutcome> {
  const after = await context.escalation(id);
  return {
    held: answer.status === 403 && after.json?.['status'] === 'paused',
    observed: `${brief(answer)}, escalation ${String(after.json?.['status'])}`,
  };
}

export const anchorAttacks: Attack<AttackContext>[] = [
  {
    area: 'anchors',
    name: 'read the held escalations without a caller token',
    expected: '401, no payload shown',
    async run(context) {
      const id = await openEscalation(context, { anomaly_score: 0.99, private_detail: 'not for strangers' });
      const list = await probe('GET', `${context.url}/${TARGET.prefix}/escalations`);
      const one = await probe('GET', `${context.url}/${TARGET.prefix}/escalations/${id}`);
      const leaked = [list, one].some((answer) => answer.text.includes('not for strangers'));
      return {
        held: list.status === 401 && one.status === 401 && !leaked,
        observed: `list ${brief(list)}, one ${brief(one)}${leaked ? ', PAYLOAD SHOWN' : ''}`,
      };
    },
  },
  {
    area: 'anchors',
    name: 'approve by typing an anchor name, no credential',
    expected: '401, no anchor named',
    async run(context) {
      const id = await openEscalation(context);
      const answer = await context.resolve(id, 'approve', { anchor: TARGET.anchor, reason: 'I say so' });
      return {
        held: answer.status === 401 && !namesAnAnchor(answer.text),
        observed: `${brief(answer)}${namesAnAnchor(answer.text) ? ', names an anchor' : ''}`,
      };
    },
  },
  {
    area: 'anchors',
    name: 'approve with a wrong anchor name',
    expected: '401/403, refusal lists no anchors',
    async run(context) {
      const id = await openEscalation(context);
      const answer = await context.resolve(id, 'approve', { anchor: 'Mallory', reason: 'guessing' });
      return {
        held: (answer.status === 401 || answer.status === 403) && !namesAnAnchor(answer.text),
        observed: `${brief(answer)}${namesAnAnchor(answer.text) ? ', lists anchors' : ''}`,
      };
    },
  },
  {
    area: 'anchors',
    name: "approval signed with a key the agent never learned (the anchor's name as kid)",
    expected: '403',
    async run(context) {
      const id = await openEscalation(context);
      const answer = await context.resolve(id, 'approve', {
        resolution: await context.resolution(id, 'approve', { key: context.impostor.privateJwk }),
      });
      return refusedStillPaused(context, id, answer);
    },
  },
  {
    area: 'anchors',
    name: "a real anchor's approval of another escalation, replayed here",
    expected: '403, still paused',
    async run(context) {
      const first = await openEscalation(context);
      const second = await openEscalation(context);
      const answer = await context.resolve(second, 'approve', {
        resolution: await context.resolution(first, 'approve'),
      });
      return refusedStillPaused(context, second, answer);
    },
  },
  {
    area: 'anchors',
    name: 'a signed approval, then the same approval again',
    expected: '200 with the result recorded and audited with its JWS; then 409',
    async run(context) {
      const id = await openEscalation(context);
      const jws = await context.resolution(id, 'approve');
      const answer = await context.resolve(id, 'approve', { resolution: jws });
      const again = await context.resolve(id, 'approve', { resolution: jws });
      const record = (await context.escalation(id)).json ?? {};
      const outcome = record['outcome'] as { state?: string } | undefined;
      const audited = await context.admin.query(
        `SELECT count(*)::int AS n FROM "${context.schemas().audit}"."audit_${TARGET.id.replace(/-/g, '_')}" WHERE data::text LIKE $1`,
        [`%${jws.slice(-40)}%`],
      );
      const auditedCount = (audited.rows[0] as { n: number }).n;
      return {
        held:
          answer.status === 200 &&
          again.status === 409 &&
          outcome?.state === 'completed' &&
          auditedCount >= 1,
        observed: `${brief(answer)}, then ${brief(again)}; outcome ${outcome?.state ?? 'none'}; JWS in ${auditedCount} audit entr${auditedCount === 1 ? 'y' : 'ies'}`,
      };
    },
  },
];
