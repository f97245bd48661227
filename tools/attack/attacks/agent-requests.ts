import { TARGET, type AttackContext } from '../attack-context';
import { probe, type ProbeAnswer } from '../http-probe';

/**
 * Requests to an instance of the target agent at any address: the attacks that start agents of their own (a
 * file-audited one, a restarted one) send to those, not to the context's agent.
 */

/** Sends a packet envelope to the agent at `url`. */
export function sendPacketTo(url: string, envelope: unknown): Promise<ProbeAnswer> {
  return probe('POST', `${url}/${TARGET.prefix}/packets`, envelope);
}

/** Escalation `id` as the agent at `url` shows it to an operator with a caller token (empty when unreadable). */
export async function escalationRecordAt(
  context: AttackContext,
  url: string,
  id: string,
): Promise<Record<string, unknown>> {
  const answer = await probe(
    'GET',
    `${url}/${TARGET.prefix}/escalations/${id}`,
    undefined,
    await context.readerHeaders(),
  );
  return answer.json ?? {};
}
