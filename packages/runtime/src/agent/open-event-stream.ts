import { ConfigError } from '../config/config-error';
import { connectRedis } from '../memory';
import {
  InProcessEventStream,
  RedisEventStream,
  type EventStream,
  type InProcessEventStreamOptions,
} from '../stream';

/**
 * Stream key prefix: `L9_STREAM_PREFIX`, default `l9:stream:`. Every agent of one ecosystem must use the same
 * one (they address each other by topic); a second ecosystem or a test run on the same Redis sets its own.
 */
export function streamKeyPrefix(env: NodeJS.ProcessEnv): string {
  const prefix = env['L9_STREAM_PREFIX'] || 'l9:stream:';
  if (!/^[A-Za-z0-9:_.-]{1,100}$/.test(prefix)) {
    throw new ConfigError(
      'L9_STREAM_PREFIX',
      `"${prefix}" must be 1–100 letters, digits, ':', '_', '.' or '-'`,
    );
  }
  return prefix;
}

/**
 * The agent's event stream: Redis Streams shared by every agent of the ecosystem when `L9_REDIS_URL` is
 * set (keys under `streamKeyPrefix`), an in-process bus otherwise (`inProcess`: its bounds, e.g. `L9_STREAM_MAX_ENTRIES`).
 */
export async function openEventStream(
  agentId: string,
  redisUrl: string | undefined,
  env: NodeJS.ProcessEnv = {},
  inProcess: InProcessEventStreamOptions = {},
): Promise<EventStream> {
  if (!redisUrl) return new InProcessEventStream(inProcess);
  const keyPrefix = streamKeyPrefix(env);
  const redis = await connectRedis(redisUrl, { connectionName: `l9-${agentId}-stream` });
  return new RedisEventStream({ redis, ownsClient: true, keyPrefix });
}
