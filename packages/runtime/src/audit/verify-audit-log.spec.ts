import { hashEntry, signCheckpoint } from './audit-hash';
import { fillLog, TEST_KEY } from './audit-test-support';
import type { AuditCheckpoint, AuditEntry } from './audit-types';
import { MemoryAuditStore } from './memory-audit-store';
import { verifyAuditLog } from './verify-audit-log';

async function cleanLog(count = 12): Promise<{ entries: AuditEntry[]; checkpoints: AuditCheckpoint[] }> {
  const store = new MemoryAuditStore();
  await fillLog(store, count, 5);
  return { entries: await store.entries(), checkpoints: await store.checkpoints() };
}

describe('verifyAuditLog', () => {
  it('accepts an untouched log with its checkpoints', async () => {
    const { entries, checkpoints } = await cleanLog();
    expect(checkpoints.map((checkpoint) => checkpoint.seq)).toEqual([5, 10]);
    const result = verifyAuditLog(entries, checkpoints, TEST_KEY, { checkpointEvery: 5 });
    expect(result).toEqual({ ok: true, problems: [], checked: 12, headSeq: 12 });
  });

  it('accepts an empty log', () => {
    expect(verifyAuditLog([], [], TEST_KEY).ok).toBe(true);
  });

  it('detects an edited entry at its seq', async () => {
    const { entries, checkpoints } = await cleanLog();
    entries[3] = { ...entries[3]!, data: { index: 4, confidence: 0.99, tags: ['a', 'b'] } };
    const result = verifyAuditLog(entries, checkpoints, TEST_KEY);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ seq: 4, kind: 'edited' })]);
  });

  it('detects two swapped entries as reordered', async () => {
    const { entries, checkpoints } = await cleanLog();
    [entries[6], entries[7]] = [entries[7]!, entries[6]!];
    const result = verifyAuditLog(entries, checkpoints, TEST_KEY);
    expect(result.problems).toEqual([expect.objectContaining({ seq: 7, kind: 'reordered' })]);
  });

  it('detects a deleted middle entry', async () => {
    const { entries, checkpoints } = await cleanLog();
    entries.splice(2, 1);
    const result = verifyAuditLog(entries, checkpoints, TEST_KEY);
    expect(result.problems).toEqual([expect.objectContaining({ seq: 3, kind: 'deleted' })]);
  });

  it('detects a deleted first entry', async () => {
    const { entries, checkpoints } = await cleanLog();
    entries.shift();
    expect(verifyAuditLog(entries, checkpoints, TEST_KEY).problems).toEqual([
      expect.objectContaining({ seq: 1, kind: 'deleted' }),
    ]);
  });

  it('detects a tail truncated past a checkpoint', async () => {
    const { entries, checkpoints } = await cleanLog();
    const truncated = entries.slice(0, 8);
    const result = verifyAuditLog(truncated, checkpoints, TEST_KEY);
    expect(result.problems).toEqual([expect.objectContaining({ seq: 9, kind: 'truncated' })]);
  });

  it('detects truncation after the last checkpoint only through an expected head', async () => {
    const { entries, checkpoints } = await cleanLog();
    const truncated = entries.slice(0, 11);
    expect(verifyAuditLog(truncated, checkpoints, TEST_KEY).ok).toBe(true);
    const head = entries[11]!;
    const result = verifyAuditLog(truncated, checkpoints, TEST_KEY, { expectedHead: { seq: head.seq, hash: head.hash } });
    expect(result.problems).toEqual([expect.objectContaining({ seq: 12, kind: 'truncated' })]);
  });

  it('detects truncation that also removed the checkpoint, through the checkpoint interval', async () => {
    const { entries, checkpoints } = await cleanLog();
    const result = verifyAuditLog(entries.slice(0, 10), checkpoints.slice(0, 1), TEST_KEY, { checkpointEvery: 5 });
    expect(result.problems).toEqual([expect.objectContaining({ seq: 10, kind: 'bad_checkpoint' })]);
  });

  it('detects a forged checkpoint', async () => {
    const { entries, checkpoints } = await cleanLog();
    const forged = { ...checkpoints[1]!, seq: 12, count: 12, head_hash: entries[11]!.hash };
    const result = verifyAuditLog(entries, [checkpoints[0]!, forged], TEST_KEY);
    expect(result.problems).toEqual([expect.objectContaining({ seq: 12, kind: 'bad_checkpoint' })]);
  });

  it('detects an entry rewritten with a stolen key through the checkpoint that signed the original', async () => {
    const { entries, checkpoints } = await cleanLog(10);
    // Re-signing entry 10 requires the key; only the checkpoint still remembers the original hash.
    const original = entries[9]!;
    const { hash: _dropped, ...unsigned } = { ...original, action: 'delete-evidence' };
    entries[9] = { ...unsigned, hash: hashEntry(unsigned, TEST_KEY) };
    expect(verifyAuditLog(entries, checkpoints, TEST_KEY).problems).toEqual([
      expect.objectContaining({ seq: 10, kind: 'edited', message: expect.stringContaining('checkpoint') }),
    ]);
  });

  it('flags a correctly signed checkpoint whose count disagrees with its seq', async () => {
    const { entries } = await cleanLog(5);
    const unsigned = { seq: 5, head_hash: entries[4]!.hash, count: 4, at: entries[4]!.at };
    const checkpoint = { ...unsigned, signature: signCheckpoint(unsigned, TEST_KEY) };
    expect(verifyAuditLog(entries, [checkpoint], TEST_KEY).problems).toEqual([
      expect.objectContaining({ seq: 5, kind: 'bad_checkpoint' }),
    ]);
  });

  it('rejects every entry under the wrong key', async () => {
    const { entries, checkpoints } = await cleanLog(3);
    const result = verifyAuditLog(entries, checkpoints, 'another-key');
    expect(result.problems.map((problem) => [problem.seq, problem.kind])).toEqual([
      [1, 'edited'],
      [2, 'edited'],
      [3, 'edited'],
    ]);
  });
});
