import { readFile } from 'node:fs/promises';
import { readAuditFile, readAuditFileLines, type AuditFileContents } from './audit-file-lines';
import { signedAuditHeadSchema, type SignedAuditHead } from './audit-types';
import type { AuditProblem, StoredAuditLog } from './verify-audit-log';

export interface AuditFilePaths {
  /** The JSON-lines entry file. */
  path: string;
  /** Default `<path>.checkpoints`. */
  checkpointPath?: string;
  /** Default `<path>.head`. */
  headPath?: string;
}

export interface InspectedAuditFile {
  log: StoredAuditLog;
  /** What could not be read as it should: a torn last line, damaged lines, an unreadable head or checkpoint. */
  problems: AuditProblem[];
  torn?: AuditFileContents['torn'];
}

/**
 * Reads a file-stored audit log for a verifier without ever throwing on its contents: whatever is not a
 * record becomes a problem at the sequence number it would have had, and the rest is returned for verification.
 */
export async function inspectAuditFile(paths: AuditFilePaths): Promise<InspectedAuditFile> {
  const contents = await readAuditFile(paths.path);
  const problems: AuditProblem[] = [];
  for (const line of contents.unreadable) {
    problems.push({
      seq: line.afterSeq + 1,
      kind: 'unreadable',
      message: `line ${line.line} is ${line.reason}: damaged or edited`,
    });
  }
  if (contents.torn) {
    problems.push({
      seq: contents.torn.afterSeq + 1,
      kind: 'torn',
      message: `last line ${contents.torn.line} is torn (${contents.torn.reason}): a write cut short; \`l9-runtime audit repair --file ${paths.path}\` removes it if no signed head covers it`,
    });
  }
  const checkpoints: SignedAuditHead[] = [];
  for (const line of await readAuditFileLines(paths.checkpointPath ?? `${paths.path}.checkpoints`)) {
    const checkpoint = parseSignedHead(line.text);
    if (checkpoint) checkpoints.push(checkpoint);
    else
      problems.push({
        seq: 0,
        kind: 'bad_checkpoint',
        message: `checkpoint file line ${line.line} is not a signed checkpoint`,
      });
  }
  const head = await readHeadFile(paths.headPath ?? `${paths.path}.head`);
  if (head === 'unreadable')
    problems.push({ seq: 0, kind: 'bad_head', message: 'the head file is not a signed head' });
  const signedHead = head === 'unreadable' ? undefined : head;
  return {
    log: { entries: contents.entries, checkpoints, ...(signedHead ? { signedHead } : {}) },
    problems,
    ...(contents.torn ? { torn: contents.torn } : {}),
  };
}

/**
 * The signed head file: its head, undefined when there is none, or `unreadable`. A running agent rewrites the
 * head in place (see HeadSlotFile), so a read that overlapped that write is read once more before it counts.
 */
export async function readHeadFile(path: string): Promise<SignedAuditHead | undefined | 'unreadable'> {
  const read = () =>
    readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
  const text = await read();
  if (text === undefined) return undefined;
  const head = parseSignedHead(text);
  if (head) return head;
  const again = await read();
  return (again === undefined || again === text ? undefined : parseSignedHead(again)) ?? 'unreadable';
}

function parseSignedHead(text: string): SignedAuditHead | undefined {
  try {
    const parsed = signedAuditHeadSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
