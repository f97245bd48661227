import type { Attack } from '../attack-result';
import { ATTACK_REQUEST_TIMEOUT_MS, TARGET, type AttackContext } from '../attack-context';
import { probe, trickleBody } from '../http-probe';
import { brief } from './answer-fields';

export const waitingAttacks: Attack<AttackContext>[] = [
  {
    area: 'bounded waiting',
    name: 'the notification webhook never answers; a packet escalates',
    expected: 'the escalating request is answered in under 1 s',
    async run(context) {
      const answer = await context.send(context.packet({ anomaly_score: 0.99 }));
      return {
        held: answer.status === 202 && answer.elapsedMs < 1_000,
        observed: `${brief(answer)} after ${Math.round(answer.elapsedMs)} ms`,
      };
    },
  },
  {
    area: 'bounded waiting',
    name: 'a request body trickled one byte a second',
    expected: `connection cut near the ${ATTACK_REQUEST_TIMEOUT_MS / 1000} s request timeout`,
    async run(context) {
      const result = await trickleBody(
        context.url,
        `/${TARGET.prefix}/packets`,
        1_000,
        4 * ATTACK_REQUEST_TIMEOUT_MS,
      );
      return {
        held: result.cut && result.closedAfterMs < 2 * ATTACK_REQUEST_TIMEOUT_MS,
        observed: result.cut
          ? `cut after ${result.closedAfterMs} ms${result.answer ? ` (${result.answer})` : ''}`
          : `still open after ${result.closedAfterMs} ms`,
      };
    },
  },
  {
    area: 'bounded waiting',
    name: 'escalation list asked for a million entries',
    expected: 'a bounded page (or 400), with a cursor to go on',
    async run(context) {
      const answer = await probe(
        'GET',
        `${context.url}/${TARGET.prefix}/escalations?limit=1000000`,
        undefined,
        await context.readerHeaders(),
      );
      const count = Array.isArray(answer.json?.['escalations'])
        ? (answer.json['escalations'] as unknown[]).length
        : -1;
      const held =
        answer.status === 400 ||
        (answer.status === 200 && count <= 1000 && 'next_cursor' in (answer.json ?? {}));
      return {
        held,
        observed:
          answer.status === 200
            ? `200 with ${count} escalations, next_cursor ${answer.json?.['next_cursor'] === null ? 'null' : 'set'}`
            : brief(answer),
      };
    },
  },
];
