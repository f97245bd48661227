import type { BackendHealth } from '../backend-health';
import type { PacketEnvelope } from '../envelope/envelope-schema';
import { ENTRY_OVERHEAD_BYTES } from '../envelope/replay-cache';
import { fixtureServer, settings, signedPacket, T0 } from './__fixtures__/agent-server-fixture';
import type { AgentServer } from './create-agent-server';
import type { ReplayClaim, ReplayGuard } from './replay-guard';
import { packJson } from './replay-packed-json';
import type { AgentServerOptions } from './server-options';

/** A durable store stand-in shared by "restarts": a map of claimed ids that can be switched to unreachable. */
class MapReplayGuard implements ReplayGuard {
  readonly kind = 'memory' as const;
  readonly claims = new Map<string, string>();
  readonly released: number[] = [];
  failing = false;

  async claim(packetId: string, contentHash: string): Promise<ReplayClaim> {
    if (this.failing) throw new Error('connection refused');
    const held = this.claims.get(packetId);
    if (held !== undefined) return held === contentHash ? { status: 'seen' } : { status: 'conflict' };
    this.claims.set(packetId, contentHash);
    return {
      status: 'claimed',
      release: async (statusCode) => {
        this.released.push(statusCode);
        this.claims.delete(packetId);
      },
    };
  }

  async health(): Promise<BackendHealth> {
    return { name: 'replay-guard', kind: 'memory', status: this.failing ? 'down' : 'up' };
  }

  async close(): Promise<void> {
    this.claims.clear();
  }
}

describe('the replay step of POST /<prefix>/packets', () => {
  const clock = { now: T0 };
  const servers: AgentServer[] = [];
  const handled: string[] = [];

  const serve = (options: Partial<AgentServerOptions> & { maxEntries?: number; maxBytes?: number } = {}) => {
    const { maxEntries = 1000, maxBytes, ...rest } = options;
    const server = fixtureServer({
      clock,
      settings: settings({
        replay: { windowMs: 60_000, maxEntries, ...(maxBytes === undefined ? {} : { maxBytes }) },
        rateLimit: { capacity: 1000, refillPerSecond: 1000 },
      }),
      packetHandler: (envelope) => {
        handled.push(envelope.packet_id);
        return { payload: { handled: envelope.packet_id } };
      },
      ...rest,
    });
    servers.push(server);
    return server;
  };
  const post = (server: AgentServer, envelope: PacketEnvelope) =>
    server.app.inject({ method: 'POST', url: '/tensoraios/packets', payload: envelope });
  /** A signed packet issued now; the clock moves on so every packet has its own timestamp. */
  const fresh = (overrides: Parameters<typeof signedPacket>[0] = {}) => {
    clock.now += 5;
    return signedPacket({ timestamp: new Date(clock.now).toISOString(), ...overrides });
  };
  const timesHandled = (envelope: PacketEnvelope) => handled.filter((id) => id === envelope.packet_id).length;

  beforeEach(() => {
    clock.now += 3_600_000;
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  describe('without a durable store (the cache and its horizon)', () => {
    it('refuses a packet its full cache had to drop, and keeps passing fresh traffic', async () => {
      const server = serve({ maxEntries: 3 });
      const sent: PacketEnvelope[] = [];
      for (let i = 0; i < 12; i += 1) {
        const envelope = fresh();
        sent.push(envelope);
        expect((await post(server, envelope)).statusCode).toBe(200);
      }
      const replayed = await post(server, sent[0]!);
      expect(replayed.statusCode).toBe(409);
      expect(replayed.json()).toMatchObject({ error: 'replay_unverifiable', packet_id: sent[0]!.packet_id });
      expect(replayed.json().message).toMatch(
        /can no longer vouch .* resend the work with a new packet_id and a fresh timestamp/,
      );
      expect(timesHandled(sent[0]!)).toBe(1);

      // The newest packets are still held: their retries get the first answer.
      const retry = await post(server, sent[11]!);
      expect(retry.statusCode).toBe(200);
      expect(retry.headers['idempotent-replay']).toBe('true');
      expect(timesHandled(sent[11]!)).toBe(1);

      // Fresh traffic after the eviction passes, and an old packet re-sent with a new id and timestamp does too.
      for (let i = 0; i < 5; i += 1) expect((await post(server, fresh())).statusCode).toBe(200);
      expect((await post(server, fresh({ payload: sent[0]!.payload }))).statusCode).toBe(200);
      const status = (await server.app.inject({ method: 'GET', url: '/tensoraios/status' })).json();
      expect(status.packets.rejected_by_reason).toMatchObject({ replay_unverifiable: 1 });
    });
  });

  describe('what the cache keeps of an answer (its JSON packed)', () => {
    it('answers a retry with the first answer byte for byte', async () => {
      const server = serve();
      const envelope = fresh();
      const first = await post(server, envelope);
      const retry = await post(server, envelope);
      expect(retry.headers['idempotent-replay']).toBe('true');
      expect(retry.statusCode).toBe(first.statusCode);
      expect(retry.body).toBe(first.body);
      expect(retry.headers['content-type']).toBe(first.headers['content-type']);
      expect(timesHandled(envelope)).toBe(1);
    });

    it('counts each answer against the byte budget at its full length, not at what packing saved', async () => {
      const probe = await post(serve(), fresh());
      const full = ENTRY_OVERHEAD_BYTES + probe.body.length;
      expect(packJson(probe.body).text.length).toBeLessThan(probe.body.length);
      // Three answers fit only if they were counted at their packed length.
      const server = serve({ maxBytes: 3 * full - 1 });
      const sent = [fresh(), fresh(), fresh()];
      for (const envelope of sent) expect((await post(server, envelope)).statusCode).toBe(200);
      expect((await post(server, sent[0]!)).json()).toMatchObject({ error: 'replay_unverifiable' });
      expect((await post(server, sent[2]!)).headers['idempotent-replay']).toBe('true');
    });
  });

  describe('with a durable store', () => {
    it('refuses a packet processed by an earlier instance of the agent on the same store', async () => {
      const guard = new MapReplayGuard();
      const envelope = fresh();
      expect((await post(serve({ replayGuard: guard }), envelope)).statusCode).toBe(200);
      const restarted = serve({ replayGuard: guard });
      const replayed = await post(restarted, envelope);
      expect(replayed.statusCode).toBe(409);
      expect(replayed.json()).toMatchObject({ error: 'replay_refused', packet_id: envelope.packet_id });
      expect(replayed.json().message).toContain('already processed');
      const altered = await post(restarted, { ...envelope, payload: { other: true } } as PacketEnvelope);
      // A different payload breaks the content hash before the replay step is reached.
      expect(altered.statusCode).toBe(400);
      expect(timesHandled(envelope)).toBe(1);
    });

    it('answers 409 replay_conflict when the store holds the id with other content', async () => {
      const guard = new MapReplayGuard();
      const envelope = fresh();
      guard.claims.set(envelope.packet_id, 'f'.repeat(64));
      const response = await post(serve({ replayGuard: guard }), envelope);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ error: 'replay_conflict', packet_id: envelope.packet_id });
      expect(timesHandled(envelope)).toBe(0);
    });

    it('lets the store vouch for what a small cache drops: replays refused, fresh traffic and retries served', async () => {
      const guard = new MapReplayGuard();
      const server = serve({ replayGuard: guard, maxEntries: 2 });
      const sent = [fresh(), fresh(), fresh(), fresh()];
      for (const envelope of sent) expect((await post(server, envelope)).statusCode).toBe(200);
      expect((await post(server, sent[0]!)).json()).toMatchObject({ error: 'replay_refused' });
      const retry = await post(server, sent[3]!);
      expect(retry.statusCode).toBe(200);
      expect(retry.headers['idempotent-replay']).toBe('true');
      // Packets issued before the newest dropped one are not refused for that: the store knows they are new.
      expect(
        (await post(server, signedPacket({ timestamp: new Date(clock.now - 1_000).toISOString() })))
          .statusCode,
      ).toBe(200);
      expect(sent.map(timesHandled)).toEqual([1, 1, 1, 1]);
    });

    it('fails closed with 503 while the store is unreachable, and serves the packet once it is back', async () => {
      const guard = new MapReplayGuard();
      const server = serve({ replayGuard: guard });
      const envelope = fresh();
      guard.failing = true;
      const down = await post(server, envelope);
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({
        error: 'backend_unavailable',
        message: expect.stringContaining('replay guard (memory) is unavailable'),
      });
      expect(timesHandled(envelope)).toBe(0);
      guard.failing = false;
      const back = await post(server, envelope);
      expect(back.statusCode).toBe(200);
      expect(back.headers['idempotent-replay']).toBeUndefined();
      expect(timesHandled(envelope)).toBe(1);
    });

    it('releases the claim of a packet that failed, so the sender can retry it', async () => {
      const guard = new MapReplayGuard();
      let failNext = true;
      const server = serve({
        replayGuard: guard,
        packetHandler: (envelope) => {
          handled.push(envelope.packet_id);
          if (failNext) {
            failNext = false;
            throw new Error('model crashed');
          }
          return { payload: { handled: envelope.packet_id } };
        },
      });
      const envelope = fresh();
      expect((await post(server, envelope)).statusCode).toBe(500);
      expect(guard.released).toEqual([500]);
      expect(guard.claims.has(envelope.packet_id)).toBe(false);
      const retry = await post(server, envelope);
      expect(retry.statusCode).toBe(200);
      expect(timesHandled(envelope)).toBe(2);
      // Processed now: the claim is back, so a later instance refuses the same packet.
      expect(guard.claims.get(envelope.packet_id)).toBe(envelope.content_hash);
    });

    it('releases the claim of a rate-limited packet', async () => {
      const guard = new MapReplayGuard();
      const server = serve({
        replayGuard: guard,
        settings: settings({ rateLimit: { capacity: 1, refillPerSecond: 1 } }),
      });
      expect((await post(server, fresh({ source_agent: 'noisy' }))).statusCode).toBe(200);
      const limited = fresh({ source_agent: 'noisy' });
      expect((await post(server, limited)).statusCode).toBe(429);
      expect(guard.released).toEqual([429]);
      clock.now += 1_000;
      expect((await post(server, limited)).statusCode).toBe(200);
    });
  });
});
