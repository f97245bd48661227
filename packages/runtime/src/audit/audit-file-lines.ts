import { readFile } from 'node:fs/promises';
import { auditEntrySchema, type AuditEntry } from './audit-types';

/** One non-empty line of a JSON-lines audit file, with where it starts so a repair can cut there. */
export interface AuditFileLine {
  text: string;
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's first byte. */
  offset: number;
}

/** A line that is not an entry, why, and the sequence number of the entry read before it (0 for none). */
export interface UnreadableLine extends AuditFileLine {
  reason: string;
  afterSeq: number;
}

/** What a JSON-lines audit file holds, read leniently: the entries it could parse and what it could not. */
export interface AuditFileContents {
  entries: AuditEntry[];
  /** The last line, when it is not a whole entry: a write cut short (a crash or a full disk). */
  torn?: UnreadableLine;
  /** Lines before the last that are not entries: damage or an edit, never a torn write. */
  unreadable: UnreadableLine[];
}

export async function readAuditFileLines(path: string): Promise<AuditFileLine[]> {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines: AuditFileLine[] = [];
  for (let offset = 0, line = 1; offset < content.length; line += 1) {
    const newline = content.indexOf(0x0a, offset);
    const end = newline < 0 ? content.length : newline;
    const text = content.subarray(offset, end).toString('utf8');
    if (text.trim().length > 0) lines.push({ text, line, offset });
    offset = end + 1;
  }
  return lines;
}

/** Parses one line as an entry; returns why it is not one instead of throwing. */
export function parseAuditEntryLine(text: string): { entry: AuditEntry } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reason: 'not valid JSON' };
  }
  const parsed = auditEntrySchema.safeParse(value);
  if (!parsed.success)
    return {
      reason: `not an audit entry (${parsed.error.issues[0]?.path.join('.') || 'entry'}: ${parsed.error.issues[0]?.message ?? 'invalid'})`,
    };
  return { entry: parsed.data as AuditEntry };
}

export async function readAuditFile(path: string): Promise<AuditFileContents> {
  const lines = await readAuditFileLines(path);
  const contents: AuditFileContents = { entries: [], unreadable: [] };
  lines.forEach((line, index) => {
    const parsed = parseAuditEntryLine(line.text);
    if ('entry' in parsed) {
      contents.entries.push(parsed.entry);
      return;
    }
    const unreadable = { ...line, reason: parsed.reason, afterSeq: contents.entries.at(-1)?.seq ?? 0 };
    if (index === lines.length - 1) contents.torn = unreadable;
    else contents.unreadable.push(unreadable);
  });
  return contents;
}

/** The message an agent or a reader gives for a torn last line: what happened and the one command that repairs it. */
export function tornLineMessage(path: string, line: number, reason: string): string {
  return `audit file ${path} ends in a torn line ${line} (${reason}): a write cut short by a crash. Stop the agent and run \`l9-runtime audit repair --file ${path}\`, which removes it if no signed head covers it`;
}
