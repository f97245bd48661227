import { sleep, waitFor } from '../../memory/testing/wait-for';
import type { EventStream, StreamMessage } from '../event-stream';
import { StreamValidationError } from '../stream-input';

export interface EventStreamContractSubject {
  /** A stream whose unacknowledged messages are reclaimed after `claimIdleMs`. */
  create(claimIdleMs: number): Promise<EventStream>;
  /** Removes whatever the tests left in the backend. */
  cleanup?(): Promise<void>;
}

const CLAIM_IDLE_MS = 150;

/** The behaviour every EventStream implementation must show. */
export function describeEventStreamContract(name: string, subject: EventStreamContractSubject): void {
  describe(`EventStream contract: ${name}`, () => {
    let stream: EventStream;
    let topicCounter = 0;
    let topic: string;
    beforeEach(async () => {
      stream = await subject.create(CLAIM_IDLE_MS);
      topic = `contract.topic-${Math.random().toString(36).slice(2, 8)}-${(topicCounter += 1)}`;
    });
    afterEach(() => stream.close());
    if (subject.cleanup) afterAll(() => subject.cleanup!());

    const collector = () => {
      const received: StreamMessage[] = [];
      return { received, handler: async (message: StreamMessage) => void received.push(message) };
    };

    it('delivers in publication order, once, and does not redeliver acknowledged messages', async () => {
      const ids: string[] = [];
      for (let n = 1; n <= 5; n += 1) ids.push(await stream.publish(topic, { n, packet_id: `p-${n}` }));
      const { received, handler } = collector();
      await stream.subscribe(topic, 'orders', 'c1', handler);
      await waitFor('five deliveries', () => received.length === 5);
      expect(received.map((m) => m.id)).toEqual(ids);
      expect(received.map((m) => m.body)).toEqual([1, 2, 3, 4, 5].map((n) => ({ n, packet_id: `p-${n}` })));
      expect(received.every((m) => m.topic === topic && m.deliveries === 1)).toBe(true);
      const later = await stream.publish(topic, { n: 6 });
      await waitFor('the later message', () => received.length === 6);
      expect(received[5]!.id).toBe(later);
      await sleep(CLAIM_IDLE_MS * 3);
      expect(received).toHaveLength(6);
    });

    it('redelivers a message whose handler failed, until it is acknowledged', async () => {
      const attempts: StreamMessage[] = [];
      await stream.subscribe(topic, 'retrying', 'c1', async (message) => {
        attempts.push(message);
        if (attempts.length < 3) throw new Error('transient failure');
      });
      const id = await stream.publish(topic, { job: 'score' });
      await waitFor('the third attempt', () => attempts.length === 3);
      expect(attempts.map((m) => [m.id, m.deliveries])).toEqual([
        [id, 1],
        [id, 2],
        [id, 3],
      ]);
      await sleep(CLAIM_IDLE_MS * 3);
      expect(attempts).toHaveLength(3);
    });

    it('hands a message left unacknowledged by a dead consumer to another consumer of its group', async () => {
      const seenByDead: StreamMessage[] = [];
      const dead = await stream.subscribe(topic, 'workers', 'dies', (message) => {
        seenByDead.push(message);
        return new Promise<void>(() => undefined);
      });
      const id = await stream.publish(topic, { job: 'orphaned' });
      await waitFor('the doomed delivery', () => seenByDead.length === 1);
      await dead.close();
      const { received, handler } = collector();
      await stream.subscribe(topic, 'workers', 'survivor', handler);
      await waitFor('the takeover', () => received.length === 1);
      expect(received[0]).toMatchObject({ id, body: { job: 'orphaned' }, deliveries: 2 });
    });

    it('fans out to every group and shares a group between its consumers', async () => {
      const audit = collector();
      const workerA = collector();
      const workerB = collector();
      await stream.subscribe(topic, 'audit', 'a1', audit.handler);
      await stream.subscribe(topic, 'work', 'w1', workerA.handler);
      await stream.subscribe(topic, 'work', 'w2', workerB.handler);
      const ids: string[] = [];
      for (let n = 0; n < 6; n += 1) ids.push(await stream.publish(topic, { n }));
      await waitFor(
        'every group to get every message',
        () => audit.received.length === 6 && workerA.received.length + workerB.received.length >= 6,
      );
      expect(audit.received.map((m) => m.id)).toEqual(ids);
      expect([...workerA.received, ...workerB.received].map((m) => m.id).sort()).toEqual([...ids].sort());
    });

    it('starts a new group at the end of the topic when asked to', async () => {
      await stream.publish(topic, { n: 'old' });
      const { received, handler } = collector();
      await stream.subscribe(topic, 'latecomer', 'c1', handler, { from: 'new' });
      await stream.publish(topic, { n: 'new' });
      await waitFor('the new message', () => received.length === 1);
      await sleep(CLAIM_IDLE_MS);
      expect(received.map((m) => m.body)).toEqual([{ n: 'new' }]);
    });

    it('rejects bad topics, names and bodies with a validation error', async () => {
      await expect(stream.publish('bad topic', {})).rejects.toThrow(StreamValidationError);
      await expect(stream.publish(topic, [1, 2] as never)).rejects.toThrow(/expected a JSON object/);
      await expect(stream.publish(topic, { n: Number.POSITIVE_INFINITY })).rejects.toThrow(
        StreamValidationError,
      );
      await expect(stream.subscribe(topic, '', 'c', () => undefined)).rejects.toThrow(/group/);
      await expect(stream.subscribe(topic, 'g', 'c d', () => undefined)).rejects.toThrow(/consumer/);
    });

    it('reports itself up', async () => {
      expect(await stream.health()).toMatchObject({ name: 'event-stream', status: 'up' });
    });
  });
}
