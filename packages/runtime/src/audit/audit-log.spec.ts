import { AuditLog } from './audit-log';
import { GENESIS_HASH } from './audit-hash';
import { fillLog, steppingClock, TEST_KEY, TEST_SIGNING_KEY } from './audit-test-support';
import { MemoryAuditStore } from './memory-audit-store';

describe('AuditLog', () => {
  it('chains entries from the genesis hash and numbers them from 1', async () => {
    const store = new MemoryAuditStore();
    const log = await fillLog(store, 3);
    const [first, second, third] = await store.entries();
    expect(first).toMatchObject({
      seq: 1,
      prev_hash: GENESIS_HASH,
      agent: 'tensoraios',
      subject: 'packet-1',
    });
    expect(second!.prev_hash).toBe(first!.hash);
    expect(third!.prev_hash).toBe(second!.hash);
    expect(log.head).toEqual({ seq: 3, hash: third!.hash });
    expect((await log.verify()).ok).toBe(true);
  });

  it('writes a signed checkpoint every N entries', async () => {
    const store = new MemoryAuditStore();
    await fillLog(store, 7, 3);
    const checkpoints = await store.checkpoints();
    const entries = await store.entries();
    expect(
      checkpoints.map(({ seq, head_hash, checkpoint_every, public_key }) => ({
        seq,
        head_hash,
        checkpoint_every,
        public_key,
      })),
    ).toEqual([
      { seq: 3, head_hash: entries[2]!.hash, checkpoint_every: 3, public_key: TEST_SIGNING_KEY.publicKeyId },
      { seq: 6, head_hash: entries[5]!.hash, checkpoint_every: 3, public_key: TEST_SIGNING_KEY.publicKeyId },
    ]);
  });

  it('appendTrusted chains the same entry as append for the same plain JSON record, without copying it', async () => {
    const record = {
      agent: 'tensoraios',
      action: 'packet.received',
      subject: 'packet-1',
      data: { at: '2025-06-01T00:00:00.000Z', n: 1, tags: ['a'] },
    };
    const viaAppend = await (
      await AuditLog.open({
        store: new MemoryAuditStore(),
        key: TEST_KEY,
        signingKey: TEST_SIGNING_KEY,
        clock: steppingClock(),
      })
    ).append(record);
    const store = new MemoryAuditStore();
    const log = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      clock: steppingClock(),
    });
    const viaTrusted = await log.appendTrusted(record);
    expect(viaTrusted).toEqual(viaAppend);
    expect(viaTrusted.data).toBe(record.data);
    expect(viaAppend.data).not.toBe(record.data);
    expect(await log.verify()).toMatchObject({ ok: true, headSeq: 1 });
  });

  it('append still refuses a record that appendTrusted callers vouch for themselves', async () => {
    const log = await AuditLog.open({
      store: new MemoryAuditStore(),
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
    });
    await expect(log.append({ agent: '', action: 'act' })).rejects.toThrow('audit record: agent');
  });

  it('continues the chain of an existing store when reopened', async () => {
    const store = new MemoryAuditStore();
    await fillLog(store, 4);
    const reopened = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      checkpointEvery: 5,
      clock: steppingClock(),
    });
    expect(reopened.head.seq).toBe(4);
    const next = await reopened.append({
      agent: 'main-agent',
      action: 'route',
      subject: 'packet-5',
      data: { to: 'plastos' },
    });
    expect(next.seq).toBe(5);
    expect(next.prev_hash).toBe((await store.entries())[3]!.hash);
    expect(await reopened.verify({ checkpointEvery: 5 })).toMatchObject({ ok: true, headSeq: 5 });
  });

  it('keeps one chain when callers append concurrently', async () => {
    const store = new MemoryAuditStore();
    const log = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      clock: steppingClock(),
    });
    const written = await Promise.all(
      Array.from({ length: 20 }, (_, index) => log.append({ agent: 'a', action: 'act', data: { index } })),
    );
    expect(written.map((entry) => entry.seq)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect((await log.verify()).ok).toBe(true);
  });

  it('re-reads the head and retries when another writer took the next seq', async () => {
    const store = new MemoryAuditStore();
    const first = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      clock: steppingClock(),
    });
    const second = await AuditLog.open({
      store,
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
      clock: steppingClock(),
    });
    await first.append({ agent: 'a', action: 'one' });
    const entry = await second.append({ agent: 'b', action: 'two' });
    expect(entry.seq).toBe(2);
    expect((await second.verify()).ok).toBe(true);
  });

  it('stores a missing subject and data as null', async () => {
    const store = new MemoryAuditStore();
    const log = await AuditLog.open({ store, key: TEST_KEY, signingKey: TEST_SIGNING_KEY });
    expect(await log.append({ agent: 'a', action: 'boot' })).toMatchObject({ subject: null, data: null });
  });

  it('rejects a record without agent or action, naming the field', async () => {
    const log = await AuditLog.open({
      store: new MemoryAuditStore(),
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
    });
    await expect(log.append({ agent: '', action: 'x' })).rejects.toThrow('audit record: agent:');
    await expect(log.append({ agent: 'a' } as never)).rejects.toThrow('audit record: action:');
    expect(log.head.seq).toBe(0);
  });

  it('refuses an empty key and a bad checkpoint interval', async () => {
    await expect(AuditLog.open({ store: new MemoryAuditStore(), key: '' })).rejects.toThrow(
      'key must not be empty',
    );
    await expect(
      AuditLog.open({ store: new MemoryAuditStore(), key: 'k', checkpointEvery: -1 }),
    ).rejects.toThrow('checkpointEvery');
  });

  it('notices entries cut after its own head even without a checkpoint', async () => {
    const store = new MemoryAuditStore();
    const log = await fillLog(store, 7, 5);
    store.storedEntries.splice(6, 1);
    expect((await log.verify()).problems).toEqual([expect.objectContaining({ seq: 7, kind: 'truncated' })]);
  });

  it('reports its store health', async () => {
    const log = await AuditLog.open({
      store: new MemoryAuditStore('decision-audit'),
      key: TEST_KEY,
      signingKey: TEST_SIGNING_KEY,
    });
    expect(await log.health()).toEqual({ name: 'decision-audit', kind: 'memory', status: 'up' });
    await log.close();
  });
});
