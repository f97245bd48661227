import { hashEntry } from './audit-hash';
import { ephemeralAuditSigningKey } from './audit-signing-key';
import { fillLog, TEST_KEY, TEST_SIGNING_KEY, TEST_VERIFY_KEYS } from './audit-test-support';
import type { AuditEntry, SignedAuditHead } from './audit-types';
import { MemoryAuditStore } from './memory-audit-store';
import { signAuditHead } from './signed-head';
import { verifyAuditLog } from './verify-audit-log';

interface Stored {
  entries: AuditEntry[];
  checkpoints: SignedAuditHead[];
  signedHead?: SignedAuditHead;
}

async function cleanLog(count = 12): Promise<Stored> {
  const store = new MemoryAuditStore();
  await fillLog(store, count, 5);
  return {
    entries: await store.entries(),
    checkpoints: await store.checkpoints(),
    signedHead: await store.signedHead(),
  };
}

/** Rewrites entries from index `from` on with the HMAC key, as someone holding it would: every link stays valid. */
function rechain(entries: AuditEntry[], from: number, edit: (entry: AuditEntry) => AuditEntry): AuditEntry[] {
  const out = entries.slice(0, from);
  for (const original of entries.slice(from)) {
    const { hash: _dropped, ...unsigned } = {
      ...(out.length === from ? edit(original) : original),
      prev_hash: out.at(-1)!.hash,
    };
    out.push({ ...unsigned, hash: hashEntry(unsigned, TEST_KEY) });
  }
  return out;
}

const kinds = (result: ReturnType<typeof verifyAuditLog>) =>
  result.problems.map((problem) => [problem.seq, problem.kind]);

describe('verifyAuditLog', () => {
  it('accepts an untouched log with its checkpoints and signed head', async () => {
    const log = await cleanLog();
    expect(log.checkpoints.map((checkpoint) => checkpoint.seq)).toEqual([5, 10]);
    expect(log.signedHead).toMatchObject({ log: 'audit-log', seq: 12, checkpoint_every: 5 });
    expect(verifyAuditLog(log, TEST_VERIFY_KEYS)).toEqual({
      ok: true,
      problems: [],
      checked: 12,
      headSeq: 12,
      signedSeq: 12,
    });
  });

  it('accepts an empty log', () => {
    expect(verifyAuditLog({ entries: [], checkpoints: [] }, TEST_VERIFY_KEYS).ok).toBe(true);
  });

  it('detects an edited entry at its seq', async () => {
    const log = await cleanLog();
    log.entries[3] = { ...log.entries[3]!, data: { index: 4, confidence: 0.99, tags: ['a', 'b'] } };
    expect(kinds(verifyAuditLog(log, TEST_VERIFY_KEYS))).toEqual([[4, 'edited']]);
  });

  it('detects two swapped entries as reordered', async () => {
    const log = await cleanLog();
    [log.entries[6], log.entries[7]] = [log.entries[7]!, log.entries[6]!];
    expect(kinds(verifyAuditLog(log, TEST_VERIFY_KEYS))).toEqual([[7, 'reordered']]);
  });

  it('detects a deleted middle entry and a deleted first entry', async () => {
    const log = await cleanLog();
    log.entries.splice(2, 1);
    expect(kinds(verifyAuditLog(log, TEST_VERIFY_KEYS))).toEqual([[3, 'deleted']]);
    log.entries.shift();
    expect(kinds(verifyAuditLog(log, TEST_VERIFY_KEYS))).toEqual([
      [1, 'deleted'],
      [3, 'deleted'],
    ]);
  });

  it('detects a tail cut after the last checkpoint through the signed head', async () => {
    const log = await cleanLog();
    log.entries = log.entries.slice(0, 11);
    const result = verifyAuditLog(log, TEST_VERIFY_KEYS);
    expect(result.problems).toEqual([
      expect.objectContaining({
        seq: 12,
        kind: 'truncated',
        message: expect.stringContaining('signed head attests entry 12'),
      }),
    ]);
  });

  it('detects a tail cut past a checkpoint', async () => {
    const log = await cleanLog();
    log.entries = log.entries.slice(0, 8);
    expect(kinds(verifyAuditLog(log, TEST_VERIFY_KEYS))).toEqual([[9, 'truncated']]);
  });

  it('detects a deleted checkpoint from the interval the head signs', async () => {
    const log = await cleanLog();
    log.checkpoints = log.checkpoints.filter((checkpoint) => checkpoint.seq !== 5);
    expect(kinds(verifyAuditLog(log, TEST_VERIFY_KEYS))).toEqual([[5, 'missing_checkpoint']]);
  });

  it('detects an edit re-chained with the HMAC key, through the signed head and the later checkpoints', async () => {
    const log = await cleanLog();
    log.entries = rechain(log.entries, 6, (entry) => ({ ...entry, action: 'delete-evidence' }));
    expect(kinds(verifyAuditLog(log, TEST_VERIFY_KEYS))).toEqual([
      [10, 'edited'],
      [12, 'edited'],
    ]);
  });

  it('detects an edit re-chained after the last checkpoint through the signed head alone', async () => {
    const log = await cleanLog();
    log.entries = rechain(log.entries, 11, (entry) => ({ ...entry, subject: 'someone-else' }));
    expect(verifyAuditLog(log, TEST_VERIFY_KEYS).problems).toEqual([
      expect.objectContaining({ seq: 12, kind: 'edited', message: expect.stringContaining('signed head') }),
    ]);
  });

  it('refuses a head or checkpoint signed by another key, and a deleted head', async () => {
    const log = await cleanLog();
    const intruder = ephemeralAuditSigningKey();
    const last = log.entries[11]!;
    const forged = signAuditHead(
      { log: 'audit-log', seq: 12, head_hash: last.hash, at: last.at, checkpoint_every: 5 },
      intruder,
    );
    expect(kinds(verifyAuditLog({ ...log, signedHead: forged }, TEST_VERIFY_KEYS))).toEqual([
      [12, 'bad_head'],
    ]);
    const bent = { ...log.signedHead!, public_key: intruder.publicKeyId };
    expect(kinds(verifyAuditLog({ ...log, signedHead: bent }, TEST_VERIFY_KEYS))).toEqual([[12, 'bad_head']]);
    const forgedCheckpoint = signAuditHead(
      { log: 'audit-log', seq: 5, head_hash: log.entries[4]!.hash, at: last.at, checkpoint_every: 5 },
      intruder,
    );
    expect(
      kinds(
        verifyAuditLog({ ...log, checkpoints: [forgedCheckpoint, log.checkpoints[1]!] }, TEST_VERIFY_KEYS),
      ),
    ).toEqual([[5, 'bad_checkpoint']]);
    expect(kinds(verifyAuditLog({ ...log, signedHead: undefined }, TEST_VERIFY_KEYS))).toEqual([
      [12, 'missing_head'],
    ]);
  });

  it('refuses the head of another log when the log id is known', async () => {
    const log = await cleanLog(3);
    expect(kinds(verifyAuditLog(log, TEST_VERIFY_KEYS, { logId: 'tensoraios' }))).toEqual([[3, 'bad_head']]);
    expect(verifyAuditLog(log, TEST_VERIFY_KEYS, { logId: 'audit-log' }).ok).toBe(true);
  });

  it('reports entries after the signed head as an unsigned tail, not a problem', async () => {
    const log = await cleanLog(12);
    const last = log.entries[9]!;
    const olderHead = signAuditHead(
      { log: 'audit-log', seq: 10, head_hash: last.hash, at: last.at, checkpoint_every: 5 },
      TEST_SIGNING_KEY,
    );
    expect(verifyAuditLog({ ...log, signedHead: olderHead }, TEST_VERIFY_KEYS)).toMatchObject({
      ok: true,
      signedSeq: 10,
      unsigned: { from: 11, to: 12 },
    });
  });

  it('catches a head rolled back with the log through a head a witness holds', async () => {
    const log = await cleanLog(12);
    const rolledBack = log.entries[9]!;
    const olderHead = signAuditHead(
      { log: 'audit-log', seq: 10, head_hash: rolledBack.hash, at: rolledBack.at, checkpoint_every: 5 },
      TEST_SIGNING_KEY,
    );
    const witnessed = log.signedHead!;
    const result = verifyAuditLog(
      { entries: log.entries.slice(0, 10), checkpoints: log.checkpoints, signedHead: olderHead },
      TEST_VERIFY_KEYS,
      { expectedHead: { seq: witnessed.seq, hash: witnessed.head_hash } },
    );
    expect(kinds(result)).toEqual([[11, 'truncated']]);
  });

  it('rejects every entry under the wrong HMAC key', async () => {
    const log = await cleanLog(3);
    expect(kinds(verifyAuditLog(log, { ...TEST_VERIFY_KEYS, hmacKey: 'another-key' }))).toEqual([
      [1, 'edited'],
      [2, 'edited'],
      [3, 'edited'],
    ]);
  });
});
