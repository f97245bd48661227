import { AuditLog, UNSIGNED_TAIL_SIGNED } from './audit-log';
import { AuditLogTamperedError } from './audit-log-errors';
import { hashEntry } from './audit-hash';
import { ephemeralAuditSigningKey } from './audit-signing-key';
import { fillLog, steppingClock, TEST_KEY, TEST_SIGNING_KEY, TEST_VERIFY_KEYS } from './audit-test-support';
import type { SignedAuditHead } from './audit-types';
import { MemoryAuditStore } from './memory-audit-store';
import { auditHeadSignedBy } from './signed-head';

const reopen = (store: MemoryAuditStore, options: Partial<Parameters<typeof AuditLog.open>[0]> = {}) =>
  AuditLog.open({
    store,
    key: TEST_KEY,
    signingKey: TEST_SIGNING_KEY,
    checkpointEvery: 5,
    clock: steppingClock(),
    ...options,
  });

describe('AuditLog signed heads', () => {
  it('stores a signed head covering every write before its appends resolve, once per group commit', async () => {
    const store = new MemoryAuditStore();
    const published: SignedAuditHead[] = [];
    const log = await reopen(store, { logId: 'tensoraios', onSignedHead: (head) => published.push(head) });
    const heads: (number | undefined)[] = [];
    const appends = Array.from({ length: 7 }, (_, index) =>
      log.append({ agent: 'tensoraios', action: 'act', data: { index } }).then((entry) => {
        heads.push(store.storedHead?.seq);
        return entry;
      }),
    );
    await Promise.all(appends);
    expect(heads).toEqual([7, 7, 7, 7, 7, 7, 7]);
    expect(published.map((head) => head.seq)).toEqual([7]);
    expect(store.storedHead).toEqual(published[0]);
    expect(
      auditHeadSignedBy(store.storedHead!, TEST_SIGNING_KEY.publicKey, TEST_SIGNING_KEY.publicKeyId),
    ).toBe(true);
    expect(store.storedHead).toMatchObject({
      log: 'tensoraios',
      seq: 7,
      head_hash: store.storedEntries[6]!.hash,
      checkpoint_every: 5,
    });
    await log.append({ agent: 'tensoraios', action: 'later' });
    expect(published.map((head) => head.seq)).toEqual([7, 8]);
    expect(log.signedHead?.seq).toBe(8);
  });

  it('does not let a failing witness callback fail an append', async () => {
    const log = await reopen(new MemoryAuditStore(), {
      onSignedHead: () => {
        throw new Error('stream down');
      },
    });
    await expect(log.append({ agent: 'a', action: 'act' })).resolves.toMatchObject({ seq: 1 });
    const rejecting = await reopen(new MemoryAuditStore(), {
      onSignedHead: () => Promise.reject(new Error('stream down')),
    });
    await expect(rejecting.append({ agent: 'a', action: 'act' })).resolves.toMatchObject({ seq: 1 });
  });

  it('rejects appends whose head could not be stored, and covers them with the next head', async () => {
    const store = new MemoryAuditStore();
    const log = await reopen(store);
    const save = store.saveSignedHead.bind(store);
    store.saveSignedHead = async () => {
      throw new Error('head table unavailable');
    };
    await expect(log.append({ agent: 'a', action: 'one' })).rejects.toThrow('head table unavailable');
    store.saveSignedHead = save;
    await expect(log.append({ agent: 'a', action: 'two' })).resolves.toMatchObject({ seq: 2 });
    expect(store.storedHead?.seq).toBe(2);
    expect((await log.verify()).ok).toBe(true);
  });

  it('refuses to open a log whose tail was cut after the last checkpoint', async () => {
    const store = new MemoryAuditStore();
    await fillLog(store, 8, 5);
    store.storedEntries.splice(6);
    const opening = reopen(store);
    await expect(opening).rejects.toThrow(AuditLogTamperedError);
    await expect(reopen(store)).rejects.toThrow(
      /audit log memory does not verify, so it is not extended: truncated at 7: log ends at 6 but its signed head attests entry 8/,
    );
    expect(store.storedEntries).toHaveLength(6);
  });

  it('refuses to open a log whose checkpoint was deleted', async () => {
    const store = new MemoryAuditStore();
    await fillLog(store, 12, 5);
    store.storedCheckpoints.splice(1, 1);
    await expect(reopen(store)).rejects.toThrow('missing_checkpoint at 10');
  });

  it('refuses to open a log edited and re-chained with the HMAC key', async () => {
    const store = new MemoryAuditStore();
    await fillLog(store, 4, 5);
    for (let index = 2; index < store.storedEntries.length; index++) {
      const original = store.storedEntries[index]!;
      const { hash: _dropped, ...unsigned } = {
        ...original,
        action: index === 2 ? 'forged' : original.action,
        prev_hash: store.storedEntries[index - 1]!.hash,
      };
      store.storedEntries[index] = { ...unsigned, hash: hashEntry(unsigned, TEST_KEY) };
    }
    await expect(reopen(store)).rejects.toThrow(
      'edited at 4: entry 4 differs from the one its signed head covers',
    );
  });

  it('refuses to open a log whose signed head was deleted or signed by another key', async () => {
    const store = new MemoryAuditStore();
    await fillLog(store, 3, 5);
    await expect(reopen(store, { signingKey: ephemeralAuditSigningKey() })).rejects.toThrow('bad_head at 3');
    store.storedHead = undefined;
    await expect(reopen(store)).rejects.toThrow('missing_head at 3');
  });

  it('refuses a store that outlives the process without a signing key', async () => {
    const store = Object.assign(new MemoryAuditStore(), {
      kind: 'file' as const,
      location: '/var/l9/audit.jsonl',
    });
    await expect(AuditLog.open({ store, key: TEST_KEY })).rejects.toThrow(
      'audit log /var/l9/audit.jsonl: a log that outlives the process needs a signing key',
    );
  });

  it('signs entries a crash left after the last head, and records that it did', async () => {
    const store = new MemoryAuditStore();
    await fillLog(store, 8, 5);
    const afterEight = store.storedHead!;
    const log = await fillLog(store, 0, 5);
    await Promise.all([9, 10, 11].map((index) => log.append({ agent: 'a', action: 'act', data: { index } })));
    // The process died after writing entries 9..11 but before their head and their checkpoint.
    store.storedHead = afterEight;
    store.storedCheckpoints.splice(1);
    const reopened = await reopen(store);
    const last = store.storedEntries.at(-1)!;
    expect(last).toMatchObject({ seq: 12, action: UNSIGNED_TAIL_SIGNED, data: { from_seq: 9, to_seq: 11 } });
    expect(store.storedHead).toMatchObject({ seq: 12, head_hash: last.hash });
    expect(store.storedCheckpoints.map((checkpoint) => checkpoint.seq)).toEqual([5, 10]);
    expect(await reopened.verify()).toMatchObject({ ok: true, signedSeq: 12 });
  });

  it('keeps the checkpoint interval its signed head states when reopened with another one', async () => {
    const store = new MemoryAuditStore();
    await fillLog(store, 4, 5);
    const log = await reopen(store, { checkpointEvery: 3 });
    await Promise.all([5, 6, 7].map((index) => log.append({ agent: 'a', action: 'act', data: { index } })));
    expect(store.storedCheckpoints.map((checkpoint) => checkpoint.seq)).toEqual([5]);
    expect(store.storedHead?.checkpoint_every).toBe(5);
    expect((await log.verify()).ok).toBe(true);
  });

  it('exposes its public key for verifiers', async () => {
    const log = await reopen(new MemoryAuditStore());
    expect(log.publicKey.export({ format: 'jwk' }).x).toBe(TEST_SIGNING_KEY.publicKeyId);
    expect(TEST_VERIFY_KEYS.publicKey).toBe(TEST_SIGNING_KEY.publicKey);
  });
});
