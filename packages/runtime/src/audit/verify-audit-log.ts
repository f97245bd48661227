import { GENESIS_HASH, hashEntry, sameDigest, signCheckpoint, type AuditKey } from './audit-hash';
import type { AuditCheckpoint, AuditEntry } from './audit-types';

export type AuditProblemKind = 'edited' | 'reordered' | 'deleted' | 'truncated' | 'bad_checkpoint';

export interface AuditProblem {
  seq: number;
  kind: AuditProblemKind;
  message: string;
}

export interface VerifyOptions {
  /** Head the caller knows independently (e.g. published elsewhere); detects truncation after the last checkpoint. */
  expectedHead?: { seq: number; hash?: string };
  /** When set, a checkpoint must exist at every multiple of this interval up to the head. */
  checkpointEvery?: number;
}

export interface AuditVerification {
  ok: boolean;
  problems: AuditProblem[];
  /** Entries examined. */
  checked: number;
  /** Highest sequence number present. */
  headSeq: number;
}

/**
 * Checks a log as stored (storage order matters: it is how reordering shows) against its key.
 *
 * Each entry's HMAC proves its own content; `prev_hash` links prove order and completeness between
 * entries; signed checkpoints prove the log once reached a given length, which is the only way to notice
 * that the newest entries were cut off.
 */
export function verifyAuditLog(
  entries: readonly AuditEntry[],
  checkpoints: readonly AuditCheckpoint[],
  key: AuditKey,
  options: VerifyOptions = {},
): AuditVerification {
  const problems: AuditProblem[] = [];
  const bySeq = new Map<number, AuditEntry>();

  entries.forEach((entry, index) => {
    const { hash, ...unsigned } = entry;
    if (!sameDigest(hashEntry(unsigned, key), hash)) {
      problems.push({ seq: entry.seq, kind: 'edited', message: `entry ${entry.seq} does not match its hash` });
    }
    const previous = entries[index - 1];
    if (previous && entry.seq <= previous.seq) {
      problems.push({
        seq: entry.seq,
        kind: 'reordered',
        message: `entry ${entry.seq} is stored after entry ${previous.seq}`,
      });
    }
    if (bySeq.has(entry.seq)) {
      problems.push({ seq: entry.seq, kind: 'edited', message: `sequence number ${entry.seq} appears twice` });
    } else {
      bySeq.set(entry.seq, entry);
    }
  });

  const headSeq = entries.reduce((max, entry) => Math.max(max, entry.seq), 0);
  for (let seq = 1; seq <= headSeq; seq++) {
    const entry = bySeq.get(seq);
    if (!entry) {
      problems.push({ seq, kind: 'deleted', message: `entry ${seq} is missing` });
      continue;
    }
    const expectedPrev = seq === 1 ? GENESIS_HASH : bySeq.get(seq - 1)?.hash;
    // When the predecessor is missing its deletion is already reported; the link cannot be judged.
    if (expectedPrev !== undefined && !sameDigest(entry.prev_hash, expectedPrev)) {
      problems.push({
        seq,
        kind: 'edited',
        message: `entry ${seq} does not link to entry ${seq - 1} (chain broken)`,
      });
    }
  }

  checkCheckpoints(checkpoints, bySeq, headSeq, key, options, problems);
  checkExpectedHead(options.expectedHead, bySeq, headSeq, problems);

  problems.sort((a, b) => a.seq - b.seq);
  return { ok: problems.length === 0, problems, checked: entries.length, headSeq };
}

function checkCheckpoints(
  checkpoints: readonly AuditCheckpoint[],
  bySeq: ReadonlyMap<number, AuditEntry>,
  headSeq: number,
  key: AuditKey,
  options: VerifyOptions,
  problems: AuditProblem[],
): void {
  const validSeqs = new Set<number>();
  for (const checkpoint of checkpoints) {
    const { signature, ...unsigned } = checkpoint;
    if (!sameDigest(signCheckpoint(unsigned, key), signature)) {
      problems.push({
        seq: checkpoint.seq,
        kind: 'bad_checkpoint',
        message: `checkpoint at ${checkpoint.seq} has an invalid signature`,
      });
      continue;
    }
    validSeqs.add(checkpoint.seq);
    if (checkpoint.count !== checkpoint.seq) {
      problems.push({
        seq: checkpoint.seq,
        kind: 'bad_checkpoint',
        message: `checkpoint at ${checkpoint.seq} counts ${checkpoint.count} entries`,
      });
    }
    const entry = bySeq.get(checkpoint.seq);
    if (checkpoint.seq > headSeq) {
      problems.push({
        seq: headSeq + 1,
        kind: 'truncated',
        message: `log ends at ${headSeq} but a signed checkpoint attests entry ${checkpoint.seq}`,
      });
    } else if (entry && !sameDigest(entry.hash, checkpoint.head_hash)) {
      problems.push({
        seq: checkpoint.seq,
        kind: 'edited',
        message: `entry ${checkpoint.seq} differs from the one its checkpoint signed`,
      });
    }
  }
  const every = options.checkpointEvery;
  if (every && every > 0) {
    for (let seq = every; seq <= headSeq; seq += every) {
      if (!validSeqs.has(seq)) {
        problems.push({ seq, kind: 'bad_checkpoint', message: `checkpoint expected at ${seq} is missing` });
      }
    }
  }
}

function checkExpectedHead(
  expected: VerifyOptions['expectedHead'],
  bySeq: ReadonlyMap<number, AuditEntry>,
  headSeq: number,
  problems: AuditProblem[],
): void {
  if (!expected) return;
  if (headSeq < expected.seq) {
    problems.push({
      seq: headSeq + 1,
      kind: 'truncated',
      message: `log ends at ${headSeq} but its head is expected at ${expected.seq}`,
    });
    return;
  }
  const entry = bySeq.get(expected.seq);
  if (expected.hash && entry && !sameDigest(entry.hash, expected.hash)) {
    problems.push({ seq: expected.seq, kind: 'edited', message: `entry ${expected.seq} differs from the expected head` });
  }
}
