import type Redis from 'ioredis';
import { ioredisDriver } from '../backend-drivers';
import { isErrorLike } from './error-shape';

export interface RedisClientOptions {
  /** Delay between reconnection attempts after the server went away. */
  reconnectDelayMs?: number;
  connectionName?: string;
}

/**
 * An ioredis client that fails fast while disconnected instead of queueing commands invisibly:
 * a command sent while Redis is away fails at once, and the memory layers answer it as unavailable.
 */
export async function connectRedis(url: string, options: RedisClientOptions = {}): Promise<Redis> {
  const delay = options.reconnectDelayMs ?? 200;
  const RedisClient = ioredisDriver();
  const client = new RedisClient(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    // disconnect() arms this timer even when the server already dropped the socket (an outage), and nothing
    // clears it then: keep it short so a process that closes during an outage is not held open for long.
    disconnectTimeout: 200,
    retryStrategy: () => delay,
    connectionName: options.connectionName,
  });
  // Connection errors surface through rejected commands and health(); without a listener ioredis logs them.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new Error(`cannot connect to Redis at ${redactUrl(url)}: ${(error as Error).message}`);
  }
  return client;
}

/** A reply from the Redis server (wrong type, syntax) is an answer, not a lost connection. */
export function isRedisConnectionError(error: unknown): boolean {
  return !(isErrorLike(error) && error.name === 'ReplyError');
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
