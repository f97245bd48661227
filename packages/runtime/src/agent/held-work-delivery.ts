import type { JsonObject } from '../envelope/envelope-schema';
import type { EscalationRecord, OutcomeDeliverer, OutcomeDelivery } from '../governance';
import type { AgentRuntime } from './agent-runtime';

/** The event-stream topic (and the packet type sent to the source agent) of a held work's outcome. */
export const GOVERNANCE_RESOLVED_TOPIC = 'governance.resolved';
/** How long a caller's callback may take to answer. */
export const CALLBACK_TIMEOUT_MS = 5_000;

/** The outcome as every channel carries it: enough to match it to the held work and act on it. */
export function outcomeMessage(record: EscalationRecord): JsonObject {
  const work = record.work;
  const outcome = record.outcome;
  const message: JsonObject = {
    escalation_id: record.id,
    agent: record.decision.agent,
    status: record.status,
    outcome: outcome?.state ?? null,
  };
  if (record.decision.packet_id !== undefined) message['packet_id'] = record.decision.packet_id;
  if (work?.kind === 'endpoint') message['endpoint'] = work.endpoint;
  if (work?.kind === 'packet') message['packet_type'] = work.envelope.packet_type;
  if (outcome?.result !== undefined) message['result'] = outcome.result;
  if (outcome?.error !== undefined) message['error'] = outcome.error;
  if (record.resolution) {
    message['resolved_by'] = record.resolution.by;
    message['reason'] = record.resolution.reason;
  }
  return message;
}

function failed(channel: OutcomeDelivery['channel'], target: string, error: unknown): OutcomeDelivery {
  return { channel, ok: false, target, error: error instanceof Error ? error.message : String(error) };
}

/**
 * Tells whoever waits on held work how it ended, once it has (the record itself already shows it):
 *   - the event stream, topic `governance.resolved`;
 *   - for a packet, its source agent, when that agent is a peer of this one: a `governance.resolved` packet that
 *     is a child of the held envelope (same trace, lineage), signed like every peer packet;
 *   - the caller's `callback_url`, POSTed as JSON, when its origin is in `L9_CALLBACK_ALLOWLIST`.
 * Each channel's success or failure is reported, never thrown.
 */
export function outcomeDeliverer(runtime: AgentRuntime, fetchImpl: typeof fetch = fetch): OutcomeDeliverer {
  return {
    async deliver(record) {
      const message = outcomeMessage(record);
      const deliveries: OutcomeDelivery[] = [];
      try {
        await runtime.stream.publish(GOVERNANCE_RESOLVED_TOPIC, message);
        deliveries.push({ channel: 'event-stream', ok: true, target: GOVERNANCE_RESOLVED_TOPIC });
      } catch (error) {
        deliveries.push(failed('event-stream', GOVERNANCE_RESOLVED_TOPIC, error));
      }
      const work = record.work;
      if (work?.kind === 'packet') {
        const peer = runtime.peers.find(work.envelope.source_agent);
        if (peer) {
          try {
            const reply = await runtime.peers.send(peer.id, GOVERNANCE_RESOLVED_TOPIC, message, {
              parent: work.envelope,
            });
            deliveries.push(
              reply.status < 300
                ? { channel: 'peer', ok: true, target: peer.id }
                : failed('peer', peer.id, `answered ${reply.status}`),
            );
          } catch (error) {
            deliveries.push(failed('peer', peer.id, error));
          }
        }
      }
      if (work?.callback_url) deliveries.push(await callBack(runtime, work.callback_url, message, fetchImpl));
      for (const delivery of deliveries.filter((item) => !item.ok)) {
        runtime.log.warn(
          {
            escalation_id: record.id,
            channel: delivery.channel,
            target: delivery.target,
            error: delivery.error,
          },
          'held work outcome not delivered on one channel',
        );
      }
      return deliveries;
    },
  };
}

async function callBack(
  runtime: AgentRuntime,
  callbackUrl: string,
  message: JsonObject,
  fetchImpl: typeof fetch,
): Promise<OutcomeDelivery> {
  const checked = runtime.governance.callbackAllowlist.check(callbackUrl);
  // The refused URL is not echoed back into the record: it is caller text, and the reason says what to fix.
  if (!checked.ok) return { channel: 'callback', ok: false, error: checked.reason };
  const target = checked.url.origin;
  try {
    const response = await fetchImpl(checked.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': `l9-agent/${runtime.identity.id}` },
      body: JSON.stringify(message),
      redirect: 'error',
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.ok
      ? { channel: 'callback', ok: true, target }
      : failed('callback', target, `answered ${response.status}`);
  } catch (error) {
    return failed('callback', target, error);
  }
}
