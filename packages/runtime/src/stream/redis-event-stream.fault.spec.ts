import { connectRedis } from '../memory/redis-client';
import { PrivateRedisServer } from '../memory/testing/private-redis-server';
import { waitFor } from '../memory/testing/wait-for';
import { serviceProgram } from '../testing/service-urls';
import { RedisEventStream } from './redis-event-stream';

const redisServerBinary = serviceProgram('redis-server');
if (redisServerBinary) {
  describe('RedisEventStream when Redis is down', () => {
    let server: PrivateRedisServer;

    beforeAll(async () => {
      server = await PrivateRedisServer.start({ binary: redisServerBinary });
    });

    afterAll(async () => {
      await server.dispose();
    });

    it('reports itself down, and closes its own client without waiting for Redis to return', async () => {
      const redis = await connectRedis(server.url, { reconnectDelayMs: 50 });
      const stream = new RedisEventStream({ redis, ownsClient: true, keyPrefix: 'fault:stream:' });
      await stream.publish('before', { n: 1 });

      await server.kill();
      await waitFor('the client to notice the crash', () => redis.status !== 'ready');
      await expect(stream.publish('during', { n: 2 })).rejects.toThrow();
      expect(await stream.health()).toMatchObject({ name: 'event-stream', status: 'down' });

      // Before the fix close() rejected here (QUIT cannot be sent offline) and left the client reconnecting forever.
      await expect(stream.close()).resolves.toBeUndefined();
    });
  });
}
