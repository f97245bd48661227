import { a2aLeg } from './a2a-leg';
import { checkLineage, LegChecks, runLeg, type LegResult } from './leg-checks';
import { flagEscalates, GOVERNANCE_FLAG, plainStatus } from './expectations';
import type { AgentProfile, InspectionClient, SendResult } from './inspection-client';
import type { BackendSet } from './backend-set';
import { setTimeout as sleep } from 'node:timers/promises';

export const PROBE_TYPE = 'integration.probe';

/** One side of a pair: how to reach the agent and what it said about itself. */
export interface MatrixPeer {
  client: InspectionClient;
  profile: AgentProfile;
}

export interface PairResult {
  source: string;
  destination: string;
  backends: BackendSet;
  rest: LegResult;
  stream: LegResult;
  escalation: LegResult;
  /** A2A: A's message to B through the official SDK client (see a2a-leg.ts). */
  a2a: LegResult;
  lineage: LegResult;
  passed: boolean;
}

export interface PairOptions {
  backends: BackendSet;
  /** Whether agents share one event stream (Redis); an in-process bus cannot reach another process. */
  sharedStream: boolean;
  /** Upper bound for a stream envelope to show up at its destination. */
  streamTimeoutMs: number;
  /** A's caller token for B (subject A), for the A2A leg; absent with packet auth off. */
  a2aToken?: string;
}

/** A's own records of the send: the audit entry (chain intact) and the episode, both for this packet. */
async function checkSenderRecords(
  checks: LegChecks,
  a: MatrixPeer,
  sent: SendResult,
  action: string,
): Promise<void> {
  const { envelope } = sent;
  const audit = await a.client.audit(envelope.packet_id);
  const entry = audit.entries.find((e) => e.action === action);
  checks.expect(
    entry !== undefined,
    `${a.profile.agent} has no ${action} audit entry for ${envelope.packet_id}`,
  );
  if (sent.reply)
    checks.expect(
      entry?.data?.['reply_packet_id'] === sent.reply.envelope.packet_id,
      `${a.profile.agent}'s ${action} entry does not name the answer ${sent.reply.envelope.packet_id}`,
    );
  checks.expect(audit.chain_ok, `${a.profile.agent}'s audit chain does not verify`);
  const episodes = await a.client.episodes(envelope.packet_id);
  checks.expect(
    episodes.some((e) => e.kind === 'packet.sent' && e.trace_id === envelope.metadata.trace_id),
    `${a.profile.agent} has no packet.sent episode in trace ${envelope.metadata.trace_id}`,
  );
}

/** B audited the arrival (`action`) with A as source and the same trace, and its chain verifies. */
async function checkReceiverAudit(
  checks: LegChecks,
  a: MatrixPeer,
  b: MatrixPeer,
  sent: SendResult,
  action: string,
): Promise<Record<string, unknown> | undefined> {
  const audit = await b.client.audit(sent.envelope.packet_id);
  const entry = audit.entries.find((e) => e.action === action);
  checks.expect(
    entry !== undefined,
    `${b.profile.agent} has no ${action} audit entry for ${sent.envelope.packet_id}`,
  );
  checks.expect(
    entry?.data?.['source_agent'] === a.profile.agent &&
      entry?.data?.['trace_id'] === sent.envelope.metadata.trace_id,
    `${b.profile.agent}'s ${action} entry does not record source ${a.profile.agent} and trace ${sent.envelope.metadata.trace_id}`,
  );
  checks.expect(audit.chain_ok, `${b.profile.agent}'s audit chain does not verify`);
  return entry?.data ?? undefined;
}

async function checkEscalated(checks: LegChecks, b: MatrixPeer, sent: SendResult): Promise<void> {
  const escalationId = sent.reply?.envelope.payload['escalation_id'];
  const paused = await b.client.pausedEscalations();
  const record = paused.find((e) => e.id === escalationId);
  checks.expect(
    record !== undefined,
    `${b.profile.agent} lists no paused escalation ${String(escalationId)}`,
  );
  checks.expect(
    record?.decision.packet_id === sent.envelope.packet_id,
    `escalation ${String(escalationId)} is not for packet ${sent.envelope.packet_id}`,
  );
}

async function restLeg(a: MatrixPeer, b: MatrixPeer, lineage: LegChecks): Promise<LegResult> {
  const checks = new LegChecks();
  return runLeg(checks, async () => {
    const sent = await a.client.send({
      to: b.profile.agent,
      route_prefix: b.client.agent.routePrefix,
      via: 'rest',
      packet_type: PROBE_TYPE,
      payload: { probe: 'rest', from: a.profile.agent, ...b.profile.governance.calm_signals },
    });
    checks.packetId = sent.envelope.packet_id;
    checks.traceId = sent.envelope.metadata.trace_id;
    const reply = sent.reply!;
    const expected = plainStatus(b.profile);
    checks.expect(
      reply.status === expected,
      `${b.profile.agent} answered ${reply.status}, expected ${expected} (${b.profile.governance.mode} mode)`,
    );
    checks.expect(
      reply.envelope.source_agent === b.profile.agent && reply.envelope.destination_agent === a.profile.agent,
      `answer goes ${reply.envelope.source_agent} → ${reply.envelope.destination_agent}`,
    );
    checkLineage(lineage, 'rest', sent.envelope, reply.envelope);
    await checkReceiverAudit(checks, a, b, sent, 'packet.received');
    if (reply.status === 202) await checkEscalated(checks, b, sent);
    else
      checks.expect(
        (await b.client.episodes(sent.envelope.packet_id)).some(
          (e) => e.trace_id === sent.envelope.metadata.trace_id,
        ),
        `${b.profile.agent} has no episode of packet ${sent.envelope.packet_id}`,
      );
    await checkSenderRecords(checks, a, sent, 'packet.sent');
  });
}

async function streamLeg(
  a: MatrixPeer,
  b: MatrixPeer,
  lineage: LegChecks,
  options: PairOptions,
): Promise<LegResult> {
  if (!options.sharedStream)
    return LegChecks.notApplicable(
      'each agent process has its own in-process bus; the stream leg runs on Redis',
    );
  const checks = new LegChecks();
  return runLeg(checks, async () => {
    const sent = await a.client.send({
      to: b.profile.agent,
      route_prefix: b.client.agent.routePrefix,
      via: 'stream',
      packet_type: PROBE_TYPE,
      payload: { probe: 'stream', from: a.profile.agent, ...b.profile.governance.calm_signals },
    });
    checks.packetId = sent.envelope.packet_id;
    checks.traceId = sent.envelope.metadata.trace_id;
    checks.expect(
      sent.published?.topic === b.profile.stream.topic,
      `published on ${String(sent.published?.topic)}, not ${b.profile.stream.topic}`,
    );
    checks.expect(b.profile.stream.consumer !== 'none', `nothing consumes ${b.profile.stream.topic}`);
    const deadline = Date.now() + options.streamTimeoutMs;
    let episodes = await b.client.episodes(sent.envelope.packet_id);
    for (let delay = 20; episodes.length === 0 && Date.now() < deadline; delay = Math.min(delay * 2, 250)) {
      await sleep(delay);
      episodes = await b.client.episodes(sent.envelope.packet_id);
    }
    if (
      !checks.expect(
        episodes.length > 0,
        `${b.profile.agent} did not handle stream packet ${sent.envelope.packet_id} within ${options.streamTimeoutMs} ms`,
      )
    )
      return;
    lineage.expect(
      episodes.every((e) => e.trace_id === sent.envelope.metadata.trace_id),
      `stream: ${b.profile.agent} recorded the packet outside trace ${sent.envelope.metadata.trace_id}`,
    );
    const expectedKind = plainStatus(b.profile) === 202 ? 'event.escalated' : `event.${PROBE_TYPE}`;
    checks.expect(
      episodes.some((e) => e.kind === expectedKind),
      `${b.profile.agent} recorded ${episodes.map((e) => e.kind).join(', ')}, expected ${expectedKind}`,
    );
    await checkReceiverAudit(checks, a, b, sent, 'event.received');
    await checkSenderRecords(checks, a, sent, 'event.published');
  });
}

async function escalationLeg(a: MatrixPeer, b: MatrixPeer, lineage: LegChecks): Promise<LegResult> {
  const checks = new LegChecks();
  return runLeg(checks, async () => {
    const sent = await a.client.send({
      to: b.profile.agent,
      route_prefix: b.client.agent.routePrefix,
      via: 'rest',
      packet_type: PROBE_TYPE,
      payload: { probe: 'governance', from: a.profile.agent, ...b.profile.governance.calm_signals },
      governance_flags: [GOVERNANCE_FLAG],
    });
    checks.packetId = sent.envelope.packet_id;
    checks.traceId = sent.envelope.metadata.trace_id;
    const reply = sent.reply!;
    const escalates = flagEscalates(b.profile);
    checks.expect(
      reply.status === (escalates ? 202 : 200),
      `${b.profile.agent} answered ${reply.status} to a ${GOVERNANCE_FLAG} packet, expected ${escalates ? 202 : 200} (${b.profile.governance.mode} mode)`,
    );
    checkLineage(lineage, 'escalation', sent.envelope, reply.envelope);
    const audited = await checkReceiverAudit(checks, a, b, sent, 'packet.received');
    checks.expect(
      audited?.['governance'] === (escalates ? 'escalate' : 'allow'),
      `${b.profile.agent} audited governance ${String(audited?.['governance'])}`,
    );
    if (escalates) {
      checks.expect(
        reply.envelope.packet_type === 'governance.escalated',
        `answer type ${reply.envelope.packet_type}, expected governance.escalated`,
      );
      await checkEscalated(checks, b, sent);
    }
    await checkSenderRecords(checks, a, sent, 'packet.sent');
  });
}

/**
 * One ordered pair: A sends B a packet over REST (B answers, or escalates in supervised mode), one over the
 * event stream where the agents share one, one carrying `requires_approval`, and an A2A message; both sides'
 * audit entries and episodes are checked, and lineage and trace id of every answer.
 */
export async function checkPair(a: MatrixPeer, b: MatrixPeer, options: PairOptions): Promise<PairResult> {
  const lineage = new LegChecks();
  const rest = await restLeg(a, b, lineage);
  const stream = await streamLeg(a, b, lineage, options);
  const escalation = await escalationLeg(a, b, lineage);
  const a2a = await a2aLeg(a, b, options.a2aToken);
  const lineageResult = lineage.result();
  const legs = [rest, stream, escalation, a2a, lineageResult];
  return {
    source: a.profile.agent,
    destination: b.profile.agent,
    backends: options.backends,
    rest,
    stream,
    escalation,
    a2a,
    lineage: lineageResult,
    passed: legs.every((leg) => leg.status !== 'fail'),
  };
}
