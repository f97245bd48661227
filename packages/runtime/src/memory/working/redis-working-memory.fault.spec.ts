import type Redis from 'ioredis';
import { BackendUnavailableError, OutboxFullError } from '../errors';
import { connectRedis } from '../redis-client';
import { PrivateRedisServer } from '../testing/private-redis-server';
import { waitFor } from '../testing/wait-for';
import { serviceProgram } from '../../testing/service-urls';
import { RedisWorkingMemory } from './redis-working-memory';

// Needs its own redis-server to kill; under L9_REQUIRE_SERVICES=1 a missing redis-server fails the run.
const redisServerBinary = serviceProgram('redis-server');
if (redisServerBinary) describe('RedisWorkingMemory when Redis crashes and comes back', () => {
  let server: PrivateRedisServer;
  let redis: Redis;
  let memory: RedisWorkingMemory;

  beforeAll(async () => {
    server = await PrivateRedisServer.start({ binary: redisServerBinary });
    redis = await connectRedis(server.url, { reconnectDelayMs: 50 });
    memory = new RedisWorkingMemory({ redis, prefix: 'fault:working:', outboxCapacity: 5, retryIntervalMs: 50 });
  });

  afterAll(async () => {
    await server.restart().catch(() => undefined);
    await memory.close().catch(() => undefined);
    redis.disconnect();
    await server.kill();
  });

  it('buffers writes while down, rejects beyond capacity, and delivers every acknowledged write in order', async () => {
    await memory.set('before', 'written while up');
    expect(await memory.get('before')).toBe('written while up');

    await server.kill();
    await waitFor('the client to notice the crash', () => redis.status !== 'ready');

    // Acknowledged while Redis is gone: buffered, readable from the buffer, reported in health.
    await memory.set('counter', 1);
    await memory.set('counter', 2);
    await memory.set('during', { acknowledged: true }, 60);
    await memory.set('doomed', 'x');
    await memory.delete('doomed');
    expect(await memory.get('counter')).toBe(2);
    expect(await memory.get('doomed')).toBeNull();
    await expect(memory.get('never-written')).rejects.toThrow(BackendUnavailableError);
    await expect(memory.keys()).rejects.toThrow(/5 writes wait for Redis/);
    await expect(memory.set('overflow', 'no room')).rejects.toThrow(OutboxFullError);
    const degraded = await memory.health();
    expect(degraded.status).toBe('down');
    expect(degraded.detail).toMatch(/5 writes pending/);

    await server.restart();
    await waitFor('the outbox to drain', async () => (await memory.health()).status === 'up');

    expect(await memory.get('counter')).toBe(2);
    expect(await memory.get('during')).toEqual({ acknowledged: true });
    expect(await memory.get('doomed')).toBeNull();
    expect(await memory.get('overflow')).toBeNull();
    // The private server has no persistence: only writes acknowledged after the crash can survive it.
    expect(await memory.keys()).toEqual(['counter', 'during']);
    expect(await redis.pttl('fault:working:during')).toBeGreaterThan(0);

    await memory.set('after', 'written after recovery');
    expect(await memory.get('after')).toBe('written after recovery');
  });

  it('surfaces an error reply from Redis as an error, not as an outage', async () => {
    await redis.lpush('fault:working:a-list', 'x');
    await expect(memory.get('a-list')).rejects.toThrow(/^WRONGTYPE/);
    await expect(memory.get('a-list')).rejects.not.toThrow(BackendUnavailableError);
    await redis.del('fault:working:a-list');
  });
});
