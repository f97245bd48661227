import { createPublicKey } from 'node:crypto';
import { sha256Hex } from '@l9/runtime/shared';
import {
  dsseEnvelopeSchema,
  envelopePayload,
  envelopeSignatureValid,
  IN_TOTO_PAYLOAD_TYPE,
} from './dsse-envelope';
import { evidenceStatementSchema, type EvidenceStatement } from './evidence-statement';

export interface VerifyEvidenceInput {
  /** The signed statement as read from `evidence_statement.json`: a DSSE envelope. */
  signedStatement: unknown;
  publicKeyPem: string;
  /** A subject's bytes by its workspace-relative path, or null when there is no such file. */
  readFile: (path: string) => Buffer | null;
}

export interface TamperedFile {
  path: string;
  expected: string;
  actual: string | 'missing';
  /** Who owns the file: a changed generated file was tampered with; a changed user-owned file (a domain module) is a user's change made after signing. */
  ownership: 'generated' | 'user';
}

export interface EvidenceVerification {
  signature_ok: boolean;
  /** Every subject whose file is missing or whose digest changed, in subject order. */
  tampered: TamperedFile[];
  files_verified: number;
  /** Why the envelope, key or statement could not be read at all. */
  errors: string[];
  ok: boolean;
  /** The statement, when the payload holds a valid one (trust it only when `signature_ok`). */
  statement?: EvidenceStatement;
}

/**
 * Checks a signed statement against a public key and the files on disk. The digests are checked even
 * when the signature fails, so a user sees which files differ, but `ok` needs both.
 */
export function verifyEvidence({
  signedStatement,
  publicKeyPem,
  readFile,
}: VerifyEvidenceInput): EvidenceVerification {
  const failed = (errors: string[]): EvidenceVerification => ({
    signature_ok: false,
    tampered: [],
    files_verified: 0,
    errors,
    ok: false,
  });
  const envelope = dsseEnvelopeSchema.safeParse(signedStatement);
  if (!envelope.success)
    return failed([
      `not a signed statement (DSSE envelope): ${envelope.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    ]);
  if (envelope.data.payloadType !== IN_TOTO_PAYLOAD_TYPE)
    return failed([`payload type is ${envelope.data.payloadType}, expected ${IN_TOTO_PAYLOAD_TYPE}`]);
  try {
    createPublicKey(publicKeyPem);
  } catch (error) {
    return failed([`the public key is not a PEM public key: ${(error as Error).message}`]);
  }
  const signature_ok = envelopeSignatureValid(envelope.data, publicKeyPem);

  let payload: unknown;
  try {
    payload = envelopePayload(envelope.data);
  } catch {
    return { ...failed(['the payload is not JSON']), signature_ok };
  }
  const statement = evidenceStatementSchema.safeParse(payload);
  if (!statement.success) {
    return {
      ...failed(statement.error.issues.map((i) => `statement ${i.path.join('.') || '(root)'}: ${i.message}`)),
      signature_ok,
    };
  }

  const ownershipOf = new Map(
    statement.data.predicate.agents.flatMap((agent) =>
      agent.files.map((file) => [file.path, file.ownership] as const),
    ),
  );
  const tampered: TamperedFile[] = [];
  for (const subject of statement.data.subject) {
    const bytes = readFile(subject.name);
    const expected = subject.digest.sha256;
    const ownership = ownershipOf.get(subject.name) ?? 'generated';
    if (bytes === null) {
      tampered.push({ path: subject.name, expected, actual: 'missing', ownership });
      continue;
    }
    const actual = sha256Hex(bytes);
    if (actual !== expected) tampered.push({ path: subject.name, expected, actual, ownership });
  }
  return {
    signature_ok,
    tampered,
    files_verified: statement.data.subject.length - tampered.length,
    errors: [],
    ok: signature_ok && tampered.length === 0,
    statement: statement.data,
  };
}
