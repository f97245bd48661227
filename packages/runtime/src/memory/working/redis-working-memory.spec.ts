import type Redis from 'ioredis';
import { serviceUrl } from '../../testing/service-urls';
import { connectRedis } from '../redis-client';
import { describeWorkingMemoryContract } from '../testing/working-memory-contract';
import { sleep } from '../testing/wait-for';
import { RedisWorkingMemory } from './redis-working-memory';

const url = serviceUrl('redis');
if (url) {
  let redis: Redis;
  beforeAll(async () => {
    redis = await connectRedis(url);
  });
  afterAll(() => redis.quit());

  describeWorkingMemoryContract('Redis', {
    create: async (prefix, defaultTtlSeconds) => new RedisWorkingMemory({ redis, prefix, defaultTtlSeconds }),
    elapse: sleep,
  });
}
