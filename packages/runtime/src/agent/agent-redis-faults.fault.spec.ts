import type Redis from 'ioredis';
import { connectRedis } from '../memory/redis-client';
import { PrivateRedisServer } from '../memory/testing/private-redis-server';
import { waitFor } from '../memory/testing/wait-for';
import { serviceProgram } from '../testing/service-urls';
import { createAgentRuntime } from './create-agent-runtime';
import { faultBlueprint, healthOf, packetFor, serveFaultAgent, type FaultAgent } from './testing/fault-agent';

// The agent's Redis is a private, persistent redis-server this file kills and restarts; the shared one is never touched.
const redisServerBinary = serviceProgram('redis-server');
if (redisServerBinary) {
  describe('an agent on Redis when Redis crashes mid-run and comes back', () => {
    const prefix = 'faulty';
    let server: PrivateRedisServer;
    let agent: FaultAgent;
    let inspector: Redis;

    beforeAll(async () => {
      server = await PrivateRedisServer.start({ binary: redisServerBinary, persistent: true });
      // Only the private server's URL: working memory and the event stream on Redis, everything else in-process.
      const runtime = await createAgentRuntime(faultBlueprint('fault-redis-agent', prefix), {
        L9_REDIS_URL: server.url,
        L9_LOG_LEVEL: 'silent',
      });
      agent = serveFaultAgent(runtime);
      inspector = await connectRedis(server.url, {
        reconnectDelayMs: 50,
        connectionName: 'fault-test-inspector',
      });
    });

    afterAll(async () => {
      await server.restart().catch(() => undefined);
      await agent?.close();
      if (inspector?.status === 'ready') await inspector.quit();
      else inspector?.disconnect();
      await server?.dispose();
    });

    const post = (path: string, payload: Record<string, unknown>) =>
      agent.server.app.inject({ method: 'POST', url: `/${prefix}/v1/${path}`, payload });
    const recall = (key: string) =>
      agent.server.app.inject({ method: 'GET', url: `/${prefix}/v1/recall?key=${key}` });
    const sendPacket = (envelope: ReturnType<typeof packetFor>) =>
      agent.server.app.inject({ method: 'POST', url: `/${prefix}/packets`, payload: envelope });
    const processedPacketIds = async () =>
      (await inspector.xrange('l9:stream:packet.processed', '-', '+')).map(
        ([, fields]) => (JSON.parse(fields[1]!) as { packet_id: string }).packet_id,
      );

    it('refuses what needs Redis while it is down, reports degraded health, recovers, and loses no acknowledged write', async () => {
      // Before the crash: endpoint writes and packets land in Redis; each processed packet is published on the stream.
      const acknowledged = new Map<string, unknown>();
      for (let i = 0; i < 3; i += 1) {
        const response = await post('remember', { key: `before-${i}`, value: { i } });
        expect(response.statusCode).toBe(200);
        acknowledged.set(`before-${i}`, { i });
      }
      const packetsBefore = [0, 1].map((i) =>
        packetFor(agent, 'remember', { key: `packet-before-${i}`, value: `p${i}` }),
      );
      for (const envelope of packetsBefore) {
        expect((await sendPacket(envelope)).statusCode).toBe(200);
        acknowledged.set(envelope.payload['key'] as string, envelope.payload['value']);
      }
      await waitFor(
        'the processed packets on the stream',
        async () => (await processedPacketIds()).length === packetsBefore.length,
      );
      expect((await healthOf(agent)).statusCode).toBe(200);

      await server.kill();
      await waitFor('health to report the outage', async () => (await healthOf(agent)).statusCode === 503);
      const degraded = await healthOf(agent);
      expect(degraded).toMatchObject({
        status: 'degraded',
        down: ['event-stream', 'memory', 'replay-guard'],
      });
      expect(degraded.details['memory']).toMatch(/^working-memory: /);

      // During the outage: a write Redis cannot take is refused with 503, for endpoint calls and packets alike,
      // rather than acknowledged from process memory that a crash would lose.
      for (let i = 0; i < 3; i += 1) {
        const response = await post('remember', { key: `during-${i}`, value: { i, outage: true } });
        expect(response.statusCode).toBe(503);
        expect(response.json()).toMatchObject({
          error: 'backend_unavailable',
          message: expect.stringMatching(
            new RegExp(`^working-memory is unavailable: set "during-${i}" was not stored: Redis unreachable`),
          ),
        });
      }
      const refusedWrite = packetFor(agent, 'remember', { key: 'packet-during', value: 'late' });
      expect((await sendPacket(refusedWrite)).statusCode).toBe(503);
      // Notes only need the in-process episodic log: as endpoint calls they are untouched by the Redis outage. As
      // packets they are refused too: Redis vouches for every packet id (replay guard), and a packet it cannot
      // vouch for is not processed.
      expect((await post('note', { text: 'written during the outage' })).statusCode).toBe(200);
      const noteDuring = packetFor(agent, 'note', { during: 'outage' });
      const unvouched = await sendPacket(noteDuring);
      expect(unvouched.statusCode).toBe(503);
      expect(unvouched.json()).toMatchObject({
        error: 'backend_unavailable',
        message: expect.stringContaining('replay guard'),
      });

      // A read only Redis could answer is a clear 503 too.
      const unreadable = await recall('before-0');
      expect(unreadable.statusCode).toBe(503);
      expect(unreadable.json()).toMatchObject({
        error: 'backend_unavailable',
        message: expect.stringMatching(
          /^working-memory is unavailable: get "before-0" failed, Redis unreachable/,
        ),
      });
      const unreadablePacket = packetFor(agent, 'recall', { key: 'packet-before-1' });
      const refused = await sendPacket(unreadablePacket);
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({
        error: 'backend_unavailable',
        message: expect.stringContaining('replay guard (redis) is unavailable'),
      });

      expect((await healthOf(agent)).statusCode).toBe(503);

      // Redis comes back on the same port with the data it had acknowledged before the crash.
      await server.restart();
      await waitFor('health to recover', async () => (await healthOf(agent)).statusCode === 200);
      expect(await healthOf(agent)).toMatchObject({ status: 'ok', down: [] });
      await waitFor('the test client to reconnect', () => inspector.status === 'ready');

      // Every acknowledged write is in Redis, read directly rather than through the agent, with the schema's TTL.
      const stored = await inspector.keys(`${prefix}:working:*`);
      expect(stored.sort()).toEqual([...acknowledged.keys()].map((key) => `${prefix}:working:${key}`).sort());
      for (const [key, value] of acknowledged) {
        expect(JSON.parse((await inspector.get(`${prefix}:working:${key}`))!)).toEqual(value);
        expect(await inspector.pttl(`${prefix}:working:${key}`)).toBeGreaterThan(0);
      }

      // The refused packets were not remembered as processed: sent again, they are served now.
      expect((await sendPacket(refusedWrite)).statusCode).toBe(200);
      expect(JSON.parse((await inspector.get(`${prefix}:working:packet-during`))!)).toBe('late');
      const retried = await sendPacket(unreadablePacket);
      expect(retried.statusCode).toBe(200);
      expect(retried.json().payload).toEqual({ key: 'packet-before-1', value: 'p1' });
      expect((await recall('before-0')).json()).toEqual({ key: 'before-0', value: { i: 0 } });

      expect((await sendPacket(noteDuring)).statusCode).toBe(200);

      // Stream notifications published before the crash survived it, and publishing resumed.
      await waitFor('the retried packet on the stream', async () =>
        (await processedPacketIds()).includes(unreadablePacket.packet_id),
      );
      expect((await processedPacketIds()).slice(0, packetsBefore.length)).toEqual(
        packetsBefore.map((p) => p.packet_id),
      );
    });

    it('closes promptly while Redis is down, having acknowledged nothing it could not store', async () => {
      const runtime = await createAgentRuntime(faultBlueprint('fault-redis-closing', 'closing'), {
        L9_REDIS_URL: server.url,
        L9_LOG_LEVEL: 'silent',
      });
      const closing = serveFaultAgent(runtime);
      await server.kill();
      await waitFor('health to report the outage', async () => (await healthOf(closing)).statusCode === 503);
      expect(
        (
          await closing.server.app.inject({
            method: 'POST',
            url: '/closing/v1/remember',
            payload: { key: 'stranded', value: 1 },
          })
        ).statusCode,
      ).toBe(503);

      await expect(closing.close()).resolves.toBeUndefined();
      await server.restart();
    });
  });
}
