import type { KeyObject } from 'node:crypto';
import { GENESIS_HASH, hashEntry, sameDigest, type AuditKey } from './audit-hash';
import { publicKeyId } from './audit-signing-key';
import type { AuditEntry, SignedAuditHead } from './audit-types';
import { auditHeadSignedBy } from './signed-head';

export type AuditProblemKind =
  | 'edited'
  | 'reordered'
  | 'deleted'
  | 'truncated'
  | 'bad_checkpoint'
  | 'missing_checkpoint'
  | 'bad_head'
  | 'missing_head'
  | 'torn'
  | 'unreadable';

export interface AuditProblem {
  seq: number;
  kind: AuditProblemKind;
  message: string;
}

/** What is verified: the entries in storage order, the checkpoints, and the latest signed head kept apart. */
export interface StoredAuditLog {
  entries: readonly AuditEntry[];
  checkpoints: readonly SignedAuditHead[];
  signedHead?: SignedAuditHead;
}

/** The keys a verifier trusts: the log's HMAC key and the Ed25519 public key its heads must be signed with. */
export interface AuditVerifyKeys {
  hmacKey: AuditKey;
  publicKey: KeyObject;
}

export interface VerifyOptions {
  /** Head the caller knows independently (e.g. a witness's copy); also catches a head rolled back with the log. */
  expectedHead?: { seq: number; hash?: string };
  /** Checkpoint interval when there is no signed head to say it. */
  checkpointEvery?: number;
  /** The log every signed head and checkpoint must name (the agent id), when known. */
  logId?: string;
  /** A log with entries but no signed head is a problem (`missing_head`): the head was deleted. Default true. */
  requireSignedHead?: boolean;
}

export interface AuditVerification {
  ok: boolean;
  problems: AuditProblem[];
  /** Entries examined. */
  checked: number;
  /** Highest sequence number present. */
  headSeq: number;
  /** Sequence number the valid signed head covers (0 without one). */
  signedSeq: number;
  /**
   * Entries after the signed head: written by a batch whose head was never signed (the process died between the
   * two writes). Never acknowledged, so not a problem; the writer signs them when it reopens the log.
   */
  unsigned?: { from: number; to: number };
}

/**
 * Checks a log as stored (storage order matters: it is how reordering shows).
 *
 * Each entry's HMAC proves its own content; `prev_hash` links prove order and completeness between entries;
 * the Ed25519-signed head proves how far the log reached and what its last entry was, so a cut tail or a
 * stretch rewritten and re-chained by someone holding the HMAC key shows; signed checkpoints pin earlier
 * points the same way, and the interval the head signs says which of them must exist.
 */
export function verifyAuditLog(
  log: StoredAuditLog,
  keys: AuditVerifyKeys,
  options: VerifyOptions = {},
): AuditVerification {
  const { entries } = log;
  const problems: AuditProblem[] = [];
  const bySeq = new Map<number, AuditEntry>();

  entries.forEach((entry, index) => {
    const { hash, ...unsigned } = entry;
    if (!sameDigest(hashEntry(unsigned, keys.hmacKey), hash)) {
      problems.push({
        seq: entry.seq,
        kind: 'edited',
        message: `entry ${entry.seq} does not match its hash`,
      });
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
      problems.push({
        seq: entry.seq,
        kind: 'edited',
        message: `sequence number ${entry.seq} appears twice`,
      });
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

  const signer = { publicKey: keys.publicKey, id: publicKeyId(keys.publicKey) };
  const signedHead = checkSignedHead(log.signedHead, signer, bySeq, headSeq, options, problems);
  const every = signedHead?.checkpoint_every ?? options.checkpointEvery ?? 0;
  checkCheckpoints(log.checkpoints, signer, bySeq, headSeq, options.logId, problems);
  checkMissingCheckpoints(log.checkpoints, every, signedHead ? signedHead.seq : headSeq, problems);
  checkExpectedHead(options.expectedHead, bySeq, headSeq, problems);

  const reported = distinct(problems).sort((a, b) => a.seq - b.seq);
  const signedSeq = signedHead?.seq ?? 0;
  return {
    ok: reported.length === 0,
    problems: reported,
    checked: entries.length,
    headSeq,
    signedSeq,
    ...(signedHead && headSeq > signedSeq ? { unsigned: { from: signedSeq + 1, to: headSeq } } : {}),
  };
}

interface Signer {
  publicKey: KeyObject;
  id: string;
}

/** Returns the signed head when it is genuine (whatever it then shows about the log), else undefined. */
function checkSignedHead(
  head: SignedAuditHead | undefined,
  signer: Signer,
  bySeq: ReadonlyMap<number, AuditEntry>,
  headSeq: number,
  options: VerifyOptions,
  problems: AuditProblem[],
): SignedAuditHead | undefined {
  if (!head) {
    if (headSeq > 0 && options.requireSignedHead !== false) {
      problems.push({
        seq: headSeq,
        kind: 'missing_head',
        message: `the log holds ${headSeq} entries but there is no signed head: it was deleted, or the log was written without one`,
      });
    }
    return undefined;
  }
  if (!auditHeadSignedBy(head, signer.publicKey, signer.id)) {
    problems.push({
      seq: head.seq,
      kind: 'bad_head',
      message: `the signed head at ${head.seq} is not signed by the audit signing key`,
    });
    return undefined;
  }
  if (options.logId !== undefined && head.log !== options.logId) {
    problems.push({
      seq: head.seq,
      kind: 'bad_head',
      message: `the signed head belongs to log "${head.log}", not "${options.logId}"`,
    });
    return undefined;
  }
  checkAttestedEntry(head, bySeq, headSeq, problems, {
    attestedBy: 'its signed head',
    signedAs: 'its signed head covers (rewritten and re-chained)',
  });
  return head;
}

/**
 * A genuine signed statement (the head or a checkpoint) against the log: the entry it attests must still be
 * there (else the log was truncated) and hash as it did when signed (else it was edited). `wording` names the
 * statement in the two messages.
 */
function checkAttestedEntry(
  statement: SignedAuditHead,
  bySeq: ReadonlyMap<number, AuditEntry>,
  headSeq: number,
  problems: AuditProblem[],
  wording: { attestedBy: string; signedAs: string },
): void {
  const entry = bySeq.get(statement.seq);
  if (statement.seq > headSeq) {
    problems.push({
      seq: headSeq + 1,
      kind: 'truncated',
      message: `log ends at ${headSeq} but ${wording.attestedBy} attests entry ${statement.seq}`,
    });
  } else if (entry && !sameDigest(entry.hash, statement.head_hash)) {
    problems.push({
      seq: statement.seq,
      kind: 'edited',
      message: `entry ${statement.seq} differs from the one ${wording.signedAs}`,
    });
  }
}

function checkCheckpoints(
  checkpoints: readonly SignedAuditHead[],
  signer: Signer,
  bySeq: ReadonlyMap<number, AuditEntry>,
  headSeq: number,
  logId: string | undefined,
  problems: AuditProblem[],
): void {
  for (const checkpoint of checkpoints) {
    if (
      !auditHeadSignedBy(checkpoint, signer.publicKey, signer.id) ||
      (logId !== undefined && checkpoint.log !== logId)
    ) {
      problems.push({
        seq: checkpoint.seq,
        kind: 'bad_checkpoint',
        message: `checkpoint at ${checkpoint.seq} has an invalid signature`,
      });
      continue;
    }
    checkAttestedEntry(checkpoint, bySeq, headSeq, problems, {
      attestedBy: 'a signed checkpoint',
      signedAs: 'its checkpoint signed',
    });
  }
}

/** Every multiple of the interval up to `upTo` needs a checkpoint; one that is gone was deleted. */
function checkMissingCheckpoints(
  checkpoints: readonly SignedAuditHead[],
  every: number,
  upTo: number,
  problems: AuditProblem[],
): void {
  if (every <= 0) return;
  const present = new Set(checkpoints.map((checkpoint) => checkpoint.seq));
  for (let seq = every; seq <= upTo; seq += every) {
    if (!present.has(seq))
      problems.push({ seq, kind: 'missing_checkpoint', message: `checkpoint expected at ${seq} is missing` });
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
    problems.push({
      seq: expected.seq,
      kind: 'edited',
      message: `entry ${expected.seq} differs from the expected head`,
    });
  }
}

/** One problem per seq and kind: a cut tail is seen by the head, the checkpoints and the expected head alike. */
function distinct(problems: AuditProblem[]): AuditProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.seq}:${problem.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
