import { InProcessEventStream } from './in-process-event-stream';
import type { StreamMessage } from './event-stream';

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5000) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('InProcessEventStream window', () => {
  it('delivers only the kept window to a group that starts late', async () => {
    const stream = new InProcessEventStream({ maxEntries: 3 });
    for (let n = 1; n <= 10; n += 1) await stream.publish('t', { n });
    const seen: unknown[] = [];
    await stream.subscribe('t', 'late', 'c', (message) => void seen.push(message.body['n']));
    await until(() => seen.length === 3);
    expect(seen).toEqual([8, 9, 10]);
    await stream.close();
  });

  it('does not redeliver an unacknowledged message once it is trimmed (Redis semantics)', async () => {
    const stream = new InProcessEventStream({ maxEntries: 1, claimIdleMs: 10 });
    const deliveries: StreamMessage[] = [];
    await stream.subscribe('t', 'g', 'c', (message) => {
      deliveries.push(message);
      if (message.body['n'] === 1) throw new Error('handler failed');
    });
    await stream.publish('t', { n: 1 });
    await until(() => deliveries.length === 1);
    await stream.publish('t', { n: 2 });
    await until(() => deliveries.some((message) => message.body['n'] === 2));
    // Several claim intervals pass: a pending entry still kept would be redelivered by now.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(deliveries.map((message) => message.body['n'])).toEqual([1, 2]);
    await stream.close();
  });

  it('still redelivers an unacknowledged message inside the window', async () => {
    const stream = new InProcessEventStream({ maxEntries: 2, claimIdleMs: 10 });
    const deliveries: StreamMessage[] = [];
    await stream.subscribe('t', 'g', 'c', (message) => {
      deliveries.push(message);
      if (message.deliveries === 1) throw new Error('handler failed');
    });
    await stream.publish('t', { n: 1 });
    await until(() => deliveries.length === 2);
    expect(deliveries.map((message) => [message.body['n'], message.deliveries])).toEqual([
      [1, 1],
      [1, 2],
    ]);
    await stream.close();
  });
});
