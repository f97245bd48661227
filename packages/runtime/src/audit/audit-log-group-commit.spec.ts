import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from './audit-log';
import { AuditEntryRejectedError, AuditSequenceConflictError, type AuditStore } from './audit-store';
import type { AuditEntry } from './audit-types';
import { steppingClock, TEST_KEY, TEST_SIGNING_KEY } from './audit-test-support';
import { FileAuditStore } from './file-audit-store';
import { MemoryAuditStore } from './memory-audit-store';

/**
 * Memory store that records the size of every write, and can refuse writes from a given seq on (as a store that
 * is unavailable) or any write holding an entry whose subject contains `refuse` (as a store refusing that entry).
 */
class RecordingStore extends MemoryAuditStore {
  readonly writes: number[] = [];
  failFromSeq = Number.POSITIVE_INFINITY;
  override async appendBatch(entries: AuditEntry[]): Promise<void> {
    if (entries.some((entry) => entry.seq >= this.failFromSeq))
      throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    const refused = entries.find((entry) => entry.subject?.includes('refuse'));
    if (refused) throw new AuditEntryRejectedError(refused.seq, 'subject contains a NUL character');
    this.writes.push(entries.length);
    await super.appendBatch(entries);
  }
  isUnavailable(error: unknown): boolean {
    return (error as { code?: string }).code === 'ENOSPC';
  }
}

/** The same store without `appendBatch`, so the log must fall back to one append per entry. */
function withoutBatch(store: RecordingStore): AuditStore {
  return {
    kind: store.kind,
    location: store.location,
    head: () => store.head(),
    append: (entry) => store.appendBatch([entry]),
    appendCheckpoint: (checkpoint) => store.appendCheckpoint(checkpoint),
    entries: () => store.entries(),
    checkpoints: () => store.checkpoints(),
    signedHead: () => store.signedHead(),
    saveSignedHead: (head) => store.saveSignedHead(head),
    health: () => store.health(),
    close: () => store.close(),
  };
}

const append = (log: AuditLog, count: number) =>
  Array.from({ length: count }, (_, index) => log.append({ agent: 'a', action: 'act', data: { index } }));

describe('AuditLog group commit', () => {
  it('persists appends that arrive together in one store write, in arrival order', async () => {
    const store = new RecordingStore();
    const log = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      clock: steppingClock(),
      checkpointEvery: 10,
    });
    const entries = await Promise.all(append(log, 25));
    expect(store.writes).toEqual([25]);
    expect(entries.map((entry) => (entry.data as { index: number }).index)).toEqual(
      Array.from({ length: 25 }, (_, index) => index),
    );
    expect(store.storedCheckpoints.map((checkpoint) => checkpoint.seq)).toEqual([10, 20]);
    expect(await log.verify()).toMatchObject({ ok: true, headSeq: 25 });
  });

  it('lets appends issued in later microtasks and ticks of the same event-loop turn join the open batch', async () => {
    const store = new RecordingStore();
    const log = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      clock: steppingClock(),
    });
    const first = log.append({ agent: 'a', action: 'act', data: { index: 0 } });
    await Promise.resolve();
    const second = log.append({ agent: 'a', action: 'act', data: { index: 1 } });
    await new Promise<void>((resolve) => process.nextTick(resolve));
    const third = log.append({ agent: 'a', action: 'act', data: { index: 2 } });
    expect((await Promise.all([first, second, third])).map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(store.writes).toEqual([3]);
    expect((await log.verify()).ok).toBe(true);
  });

  it('starts a new batch for an append made after the previous write was acknowledged', async () => {
    const store = new RecordingStore();
    const log = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      clock: steppingClock(),
    });
    await log.append({ agent: 'a', action: 'first' });
    await log.append({ agent: 'a', action: 'second' });
    expect(store.writes).toEqual([1, 1]);
  });

  it('caps a write at maxBatch entries', async () => {
    const store = new RecordingStore();
    const log = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      clock: steppingClock(),
      maxBatch: 4,
    });
    await Promise.all(append(log, 10));
    expect(store.writes).toEqual([4, 4, 2]);
    expect((await log.verify()).ok).toBe(true);
  });

  it('rejects every append of a failed all-or-none write and chains later appends onto the last stored entry', async () => {
    const store = new RecordingStore();
    const log = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      clock: steppingClock(),
    });
    await log.append({ agent: 'a', action: 'first' });
    store.failFromSeq = 2;
    const results = await Promise.allSettled(append(log, 3));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    store.failFromSeq = Number.POSITIVE_INFINITY;
    expect((await log.append({ agent: 'a', action: 'after' })).seq).toBe(2);
    expect((await log.verify()).ok).toBe(true);
  });

  it('without appendBatch, acknowledges the entries stored before a failure and rejects the rest', async () => {
    const recording = new RecordingStore();
    const log = await AuditLog.open({
      store: withoutBatch(recording),
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      clock: steppingClock(),
    });
    recording.failFromSeq = 3;
    const results = await Promise.allSettled(append(log, 4));
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
    ]);
    expect(recording.writes).toEqual([1, 1]);
    recording.failFromSeq = Number.POSITIVE_INFINITY;
    expect((await log.append({ agent: 'a', action: 'after' })).seq).toBe(3);
    expect((await log.verify()).ok).toBe(true);
  });

  it('rejects only the entry the store refuses and acknowledges the others of its batch, in one chain', async () => {
    const store = new RecordingStore();
    const log = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      clock: steppingClock(),
    });
    const subjects = Array.from({ length: 30 }, (_, index) =>
      index === 11 ? 'refuse-me' : `packet-${index}`,
    );
    const results = await Promise.allSettled(
      subjects.map((subject) => log.append({ agent: 'a', action: 'act', subject })),
    );
    expect(results.filter((result) => result.status === 'rejected')).toEqual([
      {
        status: 'rejected',
        reason: expect.objectContaining({
          message: 'audit entry 12 cannot be stored: subject contains a NUL character',
        }),
      },
    ]);
    const stored = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    expect(stored.map((entry) => entry.subject)).toEqual(
      subjects.filter((subject) => subject !== 'refuse-me'),
    );
    expect(stored.map((entry) => entry.seq)).toEqual(Array.from({ length: 29 }, (_, index) => index + 1));
    expect(store.storedHead?.seq).toBe(29);
    expect(await log.verify()).toMatchObject({ ok: true, headSeq: 29, signedSeq: 29 });
  });

  it('rejects the rest of a batch at once when the store is unavailable, without retrying entry by entry', async () => {
    const store = new RecordingStore();
    const log = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      clock: steppingClock(),
    });
    store.failFromSeq = 1;
    const results = await Promise.allSettled(append(log, 5));
    expect(results.map((result) => result.status)).toEqual(Array(5).fill('rejected'));
    expect(store.writes).toEqual([]);
  });

  it('writes a batch to a file store as consecutive lines that verify after reopening', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'l9-audit-batch-'));
    try {
      const path = join(directory, 'audit.jsonl');
      const log = await AuditLog.open({
        store: new FileAuditStore({ path }),
        key: TEST_KEY,
        signingKey: TEST_SIGNING_KEY,
        clock: steppingClock(),
        checkpointEvery: 5,
      });
      await Promise.all(append(log, 12));
      await log.close();
      const reopened = await AuditLog.open({
        store: new FileAuditStore({ path }),
        key: TEST_KEY,
        signingKey: TEST_SIGNING_KEY,
        checkpointEvery: 5,
      });
      expect(await reopened.verify()).toMatchObject({ ok: true, headSeq: 12 });
      await reopened.close();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("writes the next batch's entries while a batch's head is saved, and acknowledges each batch after its own head", async () => {
    /** A store whose head saves wait until released, recording the order of entry writes and head saves. */
    class HeldHeadStore extends MemoryAuditStore {
      readonly events: string[] = [];
      readonly heldHeads: (() => void)[] = [];
      override async appendBatch(entries: AuditEntry[]): Promise<void> {
        this.events.push(`entries ${entries[0]?.seq}-${entries.at(-1)?.seq}`);
        await super.appendBatch(entries);
      }
      override async saveSignedHead(head: Parameters<MemoryAuditStore['saveSignedHead']>[0]): Promise<void> {
        this.events.push(`head ${head.seq} begins`);
        await new Promise<void>((release) => this.heldHeads.push(release));
        this.events.push(`head ${head.seq} saved`);
        await super.saveSignedHead(head);
      }
    }
    const store = new HeldHeadStore();
    const log = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      clock: steppingClock(),
      checkpointEvery: 0,
    });
    const acknowledged: number[] = [];
    const track = (appends: Promise<AuditEntry>[]) =>
      appends.map((append) => append.then((entry) => acknowledged.push(entry.seq)));
    const first = track(append(log, 2));
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise<void>((resolve) => setImmediate(resolve));
    };
    await until(() => store.heldHeads.length === 1);
    const second = track(append(log, 3));
    // The second batch is written while the first batch's head is still being saved, and its head waits for it.
    await until(() => store.events.includes('entries 3-5'));
    expect(store.events).toEqual(['entries 1-2', 'head 2 begins', 'entries 3-5']);
    expect(acknowledged).toEqual([]);
    store.heldHeads.shift()?.();
    await Promise.all(first);
    await until(() => store.heldHeads.length === 1);
    expect(acknowledged).toEqual([1, 2]);
    store.heldHeads.shift()?.();
    await Promise.all(second);
    expect(store.events).toEqual([
      'entries 1-2',
      'head 2 begins',
      'entries 3-5',
      'head 2 saved',
      'head 5 begins',
      'head 5 saved',
    ]);
    expect(acknowledged).toEqual([1, 2, 3, 4, 5]);
    expect(await log.verify()).toMatchObject({ ok: true, headSeq: 5, signedSeq: 5 });
  });

  it("writes a batch's checkpoints after its entries and before its head, while the previous head is saved", async () => {
    /** A store recording the order of its writes, whose head saves wait until released. */
    class OrderedStore extends MemoryAuditStore {
      readonly events: string[] = [];
      readonly heldHeads: (() => void)[] = [];
      override async appendBatch(entries: AuditEntry[]): Promise<void> {
        this.events.push(`entries ${entries[0]?.seq}-${entries.at(-1)?.seq}`);
        await super.appendBatch(entries);
      }
      override async appendCheckpoint(checkpoint: Parameters<MemoryAuditStore['appendCheckpoint']>[0]) {
        this.events.push(`checkpoint ${checkpoint.seq}`);
        await super.appendCheckpoint(checkpoint);
      }
      override async saveSignedHead(head: Parameters<MemoryAuditStore['saveSignedHead']>[0]): Promise<void> {
        await new Promise<void>((release) => this.heldHeads.push(release));
        this.events.push(`head ${head.seq}`);
        await super.saveSignedHead(head);
      }
    }
    const store = new OrderedStore();
    const log = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      clock: steppingClock(),
      checkpointEvery: 2,
    });
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise<void>((resolve) => setImmediate(resolve));
    };
    const first = append(log, 3);
    await until(() => store.heldHeads.length === 1);
    const second = append(log, 2);
    // The second batch's checkpoint is written with its entries, before the first batch's head is saved.
    await until(() => store.events.includes('checkpoint 4'));
    expect(store.events).toEqual(['entries 1-3', 'checkpoint 2', 'entries 4-5', 'checkpoint 4']);
    store.heldHeads.shift()?.();
    await Promise.all(first);
    await until(() => store.heldHeads.length === 1);
    store.heldHeads.shift()?.();
    await Promise.all(second);
    expect(store.events.slice(4)).toEqual(['head 3', 'head 5']);
    expect(await log.verify()).toMatchObject({ ok: true, headSeq: 5, signedSeq: 5 });
  });

  it('rejects every append of a batch whose write throws instead of leaving them waiting', async () => {
    class ThrowingHeadStore extends RecordingStore {
      override async head(): Promise<AuditEntry | undefined> {
        throw new Error('head unreadable');
      }
      override async appendBatch(entries: AuditEntry[]): Promise<void> {
        throw new AuditSequenceConflictError(entries[0]!.seq);
      }
    }
    const log = await AuditLog.open({
      store: new ThrowingHeadStore(),
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      clock: steppingClock(),
    });
    const results = await Promise.allSettled(append(log, 2));
    expect(results).toEqual([
      { status: 'rejected', reason: expect.objectContaining({ message: 'head unreadable' }) },
      { status: 'rejected', reason: expect.objectContaining({ message: 'head unreadable' }) },
    ]);
  });

  it('refuses a maxBatch below 1', async () => {
    await expect(
      AuditLog.open({
        store: new MemoryAuditStore(),
        key: TEST_KEY,
        signingKey: TEST_SIGNING_KEY,
        maxBatch: 0,
      }),
    ).rejects.toThrow('maxBatch must be a positive integer');
  });
});
