import { coalescedHeadPublisher } from './audit-head-publisher';
import type { SignedAuditHead } from './audit-types';

const head = (seq: number) => ({ seq }) as SignedAuditHead;

describe('coalescedHeadPublisher', () => {
  it('keeps one publication in flight and publishes only the newest head signed meanwhile', async () => {
    const published: number[] = [];
    const pending: (() => void)[] = [];
    const publish = coalescedHeadPublisher(
      (signed) =>
        new Promise<void>((resolve) => {
          published.push(signed.seq);
          pending.push(resolve);
        }),
      () => undefined,
    );
    publish(head(1));
    publish(head(2));
    publish(head(4));
    publish(head(3));
    expect(published).toEqual([1]);
    pending.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(published).toEqual([1, 4]);
    pending.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    publish(head(5));
    expect(published).toEqual([1, 4, 5]);
  });

  it('reports a failed publication and carries on with the next head', async () => {
    const errors: unknown[] = [];
    const published: number[] = [];
    const publish = coalescedHeadPublisher(
      async (signed) => {
        published.push(signed.seq);
        if (signed.seq === 1) throw new Error('stream down');
      },
      (error) => errors.push(error),
    );
    publish(head(1));
    publish(head(2));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(published).toEqual([1, 2]);
    expect(errors).toEqual([new Error('stream down')]);
  });
});
