import type { Attack, AttackOutcome } from '../attack-result';
import type { AttackContext } from '../attack-context';
import type { ProbeAnswer } from '../http-probe';
import { sendPacketTo } from './agent-requests';
import { brief } from './answer-fields';
import { auditFiles, fileAgentEnvironment } from './audit-file-agent';

/**
 * A replay is kept out when it is refused (409) or answered with the first response from the replay cache
 * (`idempotent-replay: true`, what a sender's own retry gets): either way the packet is not processed again.
 */
function keptOut(answer: ProbeAnswer): boolean {
  return answer.status === 409 || answer.headers.get('idempotent-replay') === 'true';
}

function replayBrief(answer: ProbeAnswer): string {
  return answer.headers.get('idempotent-replay') === 'true'
    ? `${brief(answer)} with the first response (idempotent-replay)`
    : brief(answer);
}

/** Starts an agent with a replay cache of 20, sends a packet, 30 others, then the first again; stops the agent. */
async function replayAfterEviction(
  context: AttackContext,
  kind: string,
  env: NodeJS.ProcessEnv,
): Promise<AttackOutcome> {
  const trial = await context.trial(env);
  if (!trial.agent)
    return {
      held: false,
      observed: `the ${kind} agent did not start: ${trial.output.trim().split('\n').pop() ?? ''}`,
    };
  try {
    const send = (envelope: unknown) => sendPacketTo(trial.agent!.url, envelope);
    const captured = context.packet({ note: 'captured early' });
    const first = await send(captured);
    let fresh = 0;
    for (let i = 0; i < 30; i += 1)
      if ((await send(context.packet({ filler: i }))).status === 200) fresh += 1;
    const replayed = await send(captured);
    return {
      held: first.status === 200 && keptOut(replayed) && fresh === 30,
      observed: `first ${brief(first)}, ${fresh}/30 fresh accepted, replay ${replayBrief(replayed)}`,
    };
  } finally {
    await trial.agent.stop();
  }
}

export const replayAttacks: Attack<AttackContext>[] = [
  {
    area: 'replay',
    name: 'a captured signed packet replayed after the agent restarted',
    expected: '409, not processed again',
    async run(context) {
      const captured = context.packet({ note: 'captured on the wire' });
      const first = await context.send(captured);
      await context.agent!.stop();
      await context.start();
      const replayed = await context.send(captured);
      return {
        held: first.status === 200 && keptOut(replayed),
        observed: `first ${brief(first)}, replay ${replayBrief(replayed)}`,
      };
    },
  },
  {
    area: 'replay',
    name: 'a captured packet replayed after 60 others passed',
    expected: '409',
    async run(context) {
      const captured = context.packet({ note: 'captured early' });
      const first = await context.send(captured);
      for (let i = 0; i < 60; i += 1) await context.send(context.packet({ filler: i }));
      const replayed = await context.send(captured);
      return {
        held: first.status === 200 && keptOut(replayed),
        observed: `first ${brief(first)}, replay ${replayBrief(replayed)}`,
      };
    },
  },
  {
    area: 'replay',
    name: 'no persistent store, cache of 20: replay after 30 others evicted it',
    expected: '409 (the agent can no longer vouch), fresh packets still 200',
    run: (context) =>
      replayAfterEviction(context, 'in-process', {
        ...context.environment({ L9_PORT: '0', L9_REPLAY_CACHE_SIZE: '20' }),
        L9_POSTGRES_URL: '',
        L9_REDIS_URL: '',
        L9_AUDIT_FILE: '',
      }),
  },
  {
    area: 'replay',
    name: 'only an audit file, cache of 20: replay after 30 others of the same run evicted it',
    expected: "409 (the file guard holds this run's ids too), fresh packets still 200",
    run: (context) =>
      replayAfterEviction(context, 'file-audited', {
        ...fileAgentEnvironment(context, auditFiles(context, 'replay-evict')),
        L9_REPLAY_CACHE_SIZE: '20',
      }),
  },
];
