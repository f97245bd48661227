import type { Attack } from '../attack-result';
import { TARGET, type AttackContext } from '../attack-context';
import type { ProbeAnswer } from '../http-probe';
import { brief } from './answer-fields';

export const durabilityAttacks: Attack<AttackContext>[] = [
  {
    area: 'durability',
    name: 'one packet with a NUL in source_agent among 30 concurrent good ones (PostgreSQL)',
    expected: '1 refused with 400, 30 accepted',
    async run(context) {
      const good = Array.from({ length: 30 }, (_, i) => context.packet({ batch: i }));
      const bad = context.packet({ batch: 'nul' }, { source_agent: 'evil\u0000agent' });
      const answers = await Promise.all([...good, bad].map((envelope) => context.send(envelope)));
      const accepted = answers.slice(0, 30).filter((answer) => answer.status === 200).length;
      const badAnswer = answers[30]!;
      return {
        held: accepted === 30 && badAnswer.status === 400,
        observed: `${accepted}/30 accepted, the NUL packet ${brief(badAnswer)}`,
      };
    },
  },
  {
    area: 'durability',
    name: 'PostgreSQL cut, packets sent, agent killed -9, PostgreSQL back',
    expected: 'every 2xx answer is in the audit log after restart',
    async run(context) {
      await context.proxy.interrupt();
      const sent = Array.from({ length: 10 }, (_, i) => context.packet({ during_outage: i }));
      const answers: ProbeAnswer[] = [];
      for (const envelope of sent) answers.push(await context.send(envelope));
      const acknowledged = sent
        .filter((_, i) => answers[i]!.status >= 200 && answers[i]!.status < 300)
        .map((envelope) => envelope.packet_id);
      await context.agent!.kill9();
      await context.proxy.resume();
      await context.start();
      const table = `"${context.schemas().audit}"."audit_${TARGET.id.replace(/-/g, '_')}"`;
      const stored = await context.admin.query<{ subject: string }>(
        `SELECT subject FROM ${table} WHERE subject = ANY($1)`,
        [acknowledged],
      );
      const lost = acknowledged.filter((id) => !stored.rows.some((row) => row.subject === id));
      const codes = [...new Set(answers.map((answer) => brief(answer)))].join(', ');
      return {
        held: lost.length === 0,
        observed: `answers: ${codes}; ${acknowledged.length} acknowledged, ${lost.length} lost`,
      };
    },
  },
];
