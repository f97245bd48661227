import { ConfigError } from '../config/config-error';
import { InProcessEventStream, RedisEventStream } from '../stream';
import { serviceUrl } from '../testing/service-urls';
import { openEventStream, streamKeyPrefix } from './open-event-stream';

describe('event stream selection', () => {
  it('uses l9:stream: unless L9_STREAM_PREFIX names another prefix', () => {
    expect(streamKeyPrefix({})).toBe('l9:stream:');
    expect(streamKeyPrefix({ L9_STREAM_PREFIX: 'l9it:ab12:stream:' })).toBe('l9it:ab12:stream:');
  });

  it('refuses a prefix with spaces or wildcards, naming the variable', () => {
    expect(() => streamKeyPrefix({ L9_STREAM_PREFIX: 'my stream*' })).toThrow(ConfigError);
    expect(() => streamKeyPrefix({ L9_STREAM_PREFIX: 'my stream*' })).toThrow(/L9_STREAM_PREFIX/);
  });

  it('is the in-process bus without a Redis URL, whatever the prefix', async () => {
    const stream = await openEventStream('scorer-agent', undefined, { L9_STREAM_PREFIX: 'x:' });
    expect(stream).toBeInstanceOf(InProcessEventStream);
    await stream.close();
  });

  it('gives the in-process bus its window (L9_STREAM_MAX_ENTRIES via the runtime config)', async () => {
    const stream = await openEventStream('scorer-agent', undefined, {}, { maxEntries: 2 });
    for (let n = 1; n <= 5; n += 1) await stream.publish('t', { n });
    const seen: unknown[] = [];
    await stream.subscribe('t', 'g', 'c', (message) => void seen.push(message.body['n']));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([4, 5]);
    await stream.close();
  });
});

const redisUrl = serviceUrl('redis');
if (redisUrl) {
  describe('event stream selection on Redis', () => {
    it('keys every topic under L9_STREAM_PREFIX', async () => {
      const stream = await openEventStream('scorer-agent', redisUrl, {
        L9_STREAM_PREFIX: `l9test:${process.pid}:stream:`,
      });
      expect(stream).toBeInstanceOf(RedisEventStream);
      expect((stream as RedisEventStream).streamKey('agent.scorer-agent')).toBe(
        `l9test:${process.pid}:stream:agent.scorer-agent`,
      );
      await stream.close();
    });
  });
}
