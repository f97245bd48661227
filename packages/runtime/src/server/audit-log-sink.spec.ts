import { AuditLog } from '../audit/audit-log';
import { MemoryAuditStore } from '../audit/memory-audit-store';
import { auditLogSink } from './audit-log-sink';
import { fixtureServer, settings, signedPacket, T0 } from './__fixtures__/agent-server-fixture';
import type { AgentServer } from './create-agent-server';
import type { PacketAuditRecord } from './server-hooks';

const KEY = 'audit-sink-test-key';

function record(packetId: string): PacketAuditRecord {
  return {
    action: 'packet.received',
    at: '2025-06-01T12:00:00.000Z',
    packet_id: packetId,
    packet_type: 'score.request',
    source_agent: 'main-agent',
    destination_agent: 'tensoraios',
    trace_id: 'ab'.repeat(16),
    content_hash: 'cd'.repeat(32),
    governance: 'allow',
  };
}

describe('auditLogSink', () => {
  it('writes each packet record as one chained entry of the agent, with the packet id as subject', async () => {
    const store = new MemoryAuditStore();
    const log = await AuditLog.open({ store, key: KEY, clock: () => new Date('2025-06-01T12:00:01.000Z') });
    const sink = auditLogSink(log, 'tensoraios');
    await sink.append(record('11111111-1111-4111-8111-111111111111'));
    await sink.append(record('22222222-2222-4222-8222-222222222222'));
    const [first, second] = store.storedEntries;
    expect(first).toMatchObject({
      seq: 1,
      agent: 'tensoraios',
      action: 'packet.received',
      subject: '11111111-1111-4111-8111-111111111111',
    });
    expect(first.data).toEqual({
      at: '2025-06-01T12:00:00.000Z',
      packet_type: 'score.request',
      source_agent: 'main-agent',
      destination_agent: 'tensoraios',
      trace_id: 'ab'.repeat(16),
      content_hash: 'cd'.repeat(32),
      governance: 'allow',
    });
    expect(second.prev_hash).toBe(first.hash);
    expect((await log.verify()).ok).toBe(true);
  });

  it('hands packet records to appendTrusted when the log has it, and anything not plain strings to append', async () => {
    const calls: string[] = [];
    const log = {
      append: async () => (calls.push('append'), undefined as never),
      appendTrusted: async () => (calls.push('appendTrusted'), undefined as never),
    };
    const sink = auditLogSink(log, 'tensoraios');
    await sink.append(record('44444444-4444-4444-8444-444444444444'));
    await sink.append({
      ...record('55555555-5555-4555-8555-555555555555'),
      trace_id: 42 as unknown as string,
    });
    expect(calls).toEqual(['appendTrusted', 'append']);
  });

  it('writes an endpoint call as one entry with the call id as subject, the task id only when there is one', async () => {
    const store = new MemoryAuditStore();
    const log = await AuditLog.open({ store, key: KEY });
    const sink = auditLogSink(log, 'tensoraios');
    const call = {
      action: 'endpoint.called' as const,
      at: '2025-06-01T12:00:00.000Z',
      endpoint: 'score',
      caller: 'main-agent',
      governance: 'allow' as const,
    };
    await sink.append({ ...call, call_id: 'a2a-task:t-1', door: 'a2a', task_id: 't-1' });
    await sink.append({ ...call, call_id: 'order-7', door: 'http' });
    expect(store.storedEntries.map(({ action, subject, data }) => ({ action, subject, data }))).toEqual([
      {
        action: 'endpoint.called',
        subject: 'a2a-task:t-1',
        data: {
          at: call.at,
          endpoint: 'score',
          door: 'a2a',
          caller: 'main-agent',
          governance: 'allow',
          task_id: 't-1',
        },
      },
      {
        action: 'endpoint.called',
        subject: 'order-7',
        data: { at: call.at, endpoint: 'score', door: 'http', caller: 'main-agent', governance: 'allow' },
      },
    ]);
    expect((await log.verify()).ok).toBe(true);
  });

  it('passes a failed write on as a rejection, so the server refuses the packet', async () => {
    const sink = auditLogSink({ append: () => Promise.reject(new Error('disk full')) }, 'tensoraios');
    await expect(sink.append(record('33333333-3333-4333-8333-333333333333'))).rejects.toThrow('disk full');
  });

  it('refuses an empty agent id', () => {
    expect(() => auditLogSink({ append: () => Promise.reject(new Error('unused')) }, '')).toThrow(
      'agentId must not be empty',
    );
  });
});

describe('agent server with an audit log sink', () => {
  const store = new MemoryAuditStore();
  let server: AgentServer;
  let log: AuditLog;

  beforeAll(async () => {
    log = await AuditLog.open({ store, key: KEY });
    server = fixtureServer({
      clock: { now: T0 },
      audit: auditLogSink(log, 'tensoraios'),
      settings: settings(),
    });
  });
  afterAll(() => server.close());

  it('chains one verifiable entry per accepted packet', async () => {
    const packets = [signedPacket(), signedPacket()];
    for (const packet of packets) {
      const response = await server.app.inject({
        method: 'POST',
        url: '/tensoraios/packets',
        payload: packet,
      });
      expect(response.statusCode).toBe(200);
    }
    expect(store.storedEntries.map((entry) => entry.subject)).toEqual(
      packets.map((packet) => packet.packet_id),
    );
    expect(await log.verify()).toMatchObject({ ok: true });
  });
});
