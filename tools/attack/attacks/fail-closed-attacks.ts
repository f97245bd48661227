import type { Attack } from '../attack-result';
import { TARGET, type AttackContext } from '../attack-context';
import { probe, type ProbeAnswer } from '../http-probe';
import { brief } from './answer-fields';

const scorePath = `/${TARGET.prefix}/v6/score`;

/** A call to the score endpoint carrying `token` as its caller token. */
function callScore(context: AttackContext, body: unknown, token: string): Promise<ProbeAnswer> {
  return probe('POST', `${context.url}${scorePath}`, body, { authorization: `Bearer ${token}` });
}

export const failClosedAttacks: Attack<AttackContext>[] = [
  {
    area: 'fail closed',
    name: 'threshold signal sent as a string ("anomaly_score": "0.99")',
    expected: '202 escalated',
    async run(context) {
      const answer = await context.send(context.packet({ anomaly_score: '0.99' }));
      return { held: answer.status === 202, observed: brief(answer) };
    },
  },
  {
    area: 'fail closed',
    name: 'threshold signals left out',
    expected: '202 escalated',
    async run(context) {
      const answer = await context.send(context.packet({ anything: 'else' }, { calm: false }));
      return { held: answer.status === 202, observed: brief(answer) };
    },
  },
  {
    area: 'fail closed',
    name: `anonymous POST ${scorePath} with auth on`,
    expected: '401',
    async run(context) {
      const answer = await probe('POST', `${context.url}${scorePath}`, { candidates: [1, 2] });
      return { held: answer.status === 401, observed: brief(answer) };
    },
  },
  {
    area: 'fail closed',
    name: 'endpoint call with a caller token signed by another secret',
    expected: '401',
    async run(context) {
      const forged = await context.callerToken('mallory', 'a-secret-the-agent-does-not-have-0123456789');
      const answer = await callScore(context, { ...context.calmSignals }, forged);
      return { held: answer.status === 401, observed: brief(answer) };
    },
  },
  {
    area: 'fail closed',
    name: 'endpoint call over the threshold with a valid token',
    expected: '202 escalated (governed like packets)',
    async run(context) {
      const token = await context.callerToken('ops-console');
      const answer = await callScore(context, { ...context.calmSignals, anomaly_score: 0.99 }, token);
      return { held: answer.status === 202, observed: brief(answer) };
    },
  },
  {
    area: 'fail closed',
    name: 'one caller rotating source_agent in the body to dodge its rate limit',
    expected: '429 once its bucket is empty',
    async run(context) {
      const token = await context.callerToken('greedy-client');
      let limited = 0;
      let served = 0;
      // The agent under attack allows a burst of 100 and 5 a second: 150 calls from one identity must meet the limit.
      for (let i = 0; i < 150; i += 1) {
        const answer = await callScore(
          context,
          { ...context.calmSignals, source_agent: `alias-${i}` },
          token,
        );
        if (answer.status === 429) limited += 1;
        else served += 1;
      }
      return { held: limited > 0, observed: `${served} served, ${limited} answered 429` };
    },
  },
];
