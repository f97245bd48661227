import type Redis from 'ioredis';
import { BackendUnavailableError } from '../errors';
import { connectRedis } from '../redis-client';
import { PrivateRedisServer } from '../testing/private-redis-server';
import { waitFor } from '../testing/wait-for';
import { serviceProgram } from '../../testing/service-urls';
import { RedisWorkingMemory } from './redis-working-memory';

// Needs its own redis-server to kill; under L9_REQUIRE_SERVICES=1 a missing redis-server fails the run.
const redisServerBinary = serviceProgram('redis-server');
if (redisServerBinary)
  describe('RedisWorkingMemory when Redis crashes and comes back', () => {
    let server: PrivateRedisServer;
    let redis: Redis;
    let memory: RedisWorkingMemory;

    beforeAll(async () => {
      server = await PrivateRedisServer.start({ binary: redisServerBinary });
      redis = await connectRedis(server.url, { reconnectDelayMs: 50 });
      memory = new RedisWorkingMemory({ redis, prefix: 'fault:working:' });
    });

    afterAll(async () => {
      await server.restart().catch(() => undefined);
      await memory.close().catch(() => undefined);
      redis.disconnect();
      await server.kill();
    });

    it('refuses writes and reads while down instead of holding them in memory, and serves again once Redis is back', async () => {
      await memory.set('before', 'written while up');
      expect(await memory.get('before')).toBe('written while up');

      await server.kill();
      await waitFor('the client to notice the crash', () => redis.status !== 'ready');

      // Nothing is acknowledged that Redis does not have: each call fails with the layer and the cause.
      await expect(memory.set('during', { acknowledged: false }, 60)).rejects.toThrow(
        /^working-memory is unavailable: set "during" was not stored: Redis unreachable \(/,
      );
      await expect(memory.delete('before')).rejects.toThrow(BackendUnavailableError);
      await expect(memory.get('before')).rejects.toThrow(BackendUnavailableError);
      await expect(memory.keys()).rejects.toThrow(BackendUnavailableError);
      expect(await memory.health()).toMatchObject({ name: 'working-memory', status: 'down' });

      await server.restart();
      await waitFor('Redis to be reachable again', async () => (await memory.health()).status === 'up');

      // The private server has no persistence and nothing was held back for it: the refused write is absent.
      expect(await memory.get('during')).toBeNull();
      await memory.set('after', 'written after recovery', 60);
      expect(await memory.get('after')).toBe('written after recovery');
      expect(await memory.keys()).toEqual(['after']);
      expect(await redis.pttl('fault:working:after')).toBeGreaterThan(0);
    });

    it('surfaces an error reply from Redis as an error, not as an outage', async () => {
      await redis.lpush('fault:working:a-list', 'x');
      await expect(memory.get('a-list')).rejects.toThrow(/^WRONGTYPE/);
      await expect(memory.get('a-list')).rejects.not.toThrow(BackendUnavailableError);
      await redis.del('fault:working:a-list');
    });
  });
