import { connectRedis } from '../memory';
import { InProcessEventStream, RedisEventStream, type EventStream } from '../stream';

/**
 * The agent's event stream: Redis Streams shared by every agent of the ecosystem when `L9_REDIS_URL` is
 * set (key prefix `l9:stream:`), an in-process bus otherwise.
 */
export async function openEventStream(agentId: string, redisUrl: string | undefined): Promise<EventStream> {
  if (!redisUrl) return new InProcessEventStream();
  const redis = await connectRedis(redisUrl, { connectionName: `l9-${agentId}-stream` });
  return new RedisEventStream({ redis, ownsClient: true });
}
