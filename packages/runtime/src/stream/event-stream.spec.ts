import type Redis from 'ioredis';
import { connectRedis } from '../memory/redis-client';
import { randomSuffix } from '../memory/testing/wait-for';
import { serviceUrl } from '../testing/service-urls';
import { InProcessEventStream } from './in-process-event-stream';
import { RedisEventStream } from './redis-event-stream';
import { describeEventStreamContract } from './testing/event-stream-contract';

describeEventStreamContract('in-process', {
  create: async (claimIdleMs) => new InProcessEventStream({ claimIdleMs }),
});

const url = serviceUrl('redis');
if (url) {
  const keyPrefix = `l9test:${randomSuffix()}:stream:`;
  let redis: Redis | undefined;
  describeEventStreamContract('Redis Streams', {
    create: async (claimIdleMs) => {
      redis ??= await connectRedis(url);
      return new RedisEventStream({ redis, keyPrefix, claimIdleMs, blockMs: 50 });
    },
    cleanup: async () => {
      if (!redis) return;
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  });
}
