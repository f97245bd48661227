import type { Backend, BackendHealth } from '../../backend-health';
import { createEnvelope, CreateEnvelopeInput } from '../../envelope/create-envelope';
import { PacketEnvelope } from '../../envelope/envelope-schema';
import { signEnvelope } from '../../envelope/sign-envelope';
import { createAgentServer } from '../create-agent-server';
import type { AgentServerOptions, ServerSettings } from '../server-options';
import type { AuditSink, CallAuditRecord } from '../server-hooks';

export const SECRET = 'fixture-packet-secret-0123456789';
export const IDENTITY = { id: 'tensoraios', name: 'TensorAIOS', version: '6.0.0', routePrefix: 'tensoraios' };
export const T0 = Date.parse('2026-03-01T12:00:00.000Z');

/** Audit stand-in that keeps entries in memory and can be switched to failing like a lost database. */
export class MemoryAudit implements AuditSink {
  readonly entries: CallAuditRecord[] = [];
  failing = false;
  async append(entry: CallAuditRecord): Promise<void> {
    if (this.failing) throw new Error('connection refused');
    this.entries.push(entry);
  }
}

export class SwitchableBackend implements Backend {
  closed = false;
  constructor(
    private readonly name: string,
    public status: 'up' | 'down' = 'up',
  ) {}
  async health(): Promise<BackendHealth> {
    return {
      name: this.name,
      kind: 'redis',
      status: this.status,
      ...(this.status === 'down' ? { detail: 'connection lost' } : {}),
    };
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

export function settings(overrides: Partial<ServerSettings> = {}): ServerSettings {
  return {
    auth: { required: true, secret: SECRET },
    limits: { maxPacketBytes: 8 * 1024 },
    rateLimit: { capacity: 100, refillPerSecond: 10 },
    replay: { windowMs: 60_000, maxEntries: 1000 },
    logLevel: 'silent',
    ...overrides,
  };
}

export function fixtureServer(options: Partial<AgentServerOptions> & { clock?: { now: number } } = {}) {
  const clock = options.clock ?? { now: T0 };
  return createAgentServer({
    identity: IDENTITY,
    settings: settings(),
    collectDefaultMetrics: false,
    now: () => clock.now,
    ...options,
  });
}

export function packet(overrides: Partial<CreateEnvelopeInput> = {}): PacketEnvelope {
  return createEnvelope({
    packet_type: 'score.request',
    source_agent: 'main-agent',
    destination_agent: 'tensoraios',
    payload: { query: 'rank these', items: [1, 2, 3] },
    timestamp: new Date(T0).toISOString(),
    ...overrides,
  });
}

export function signedPacket(overrides: Partial<CreateEnvelopeInput> = {}): PacketEnvelope {
  return signEnvelope(packet(overrides), SECRET);
}
