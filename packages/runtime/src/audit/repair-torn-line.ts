import { open } from 'node:fs/promises';
import { readAuditFile } from './audit-file-lines';
import { readHeadFile } from './inspect-audit-file';

export type TornLineRepair =
  { repaired: true; line: number; bytes: number; afterSeq: number } | { repaired: false; reason: string };

/**
 * Removes a torn last line — a write a crash cut short — from a JSON-lines audit file, and nothing else. It
 * refuses when the last line is whole, when an earlier line is damaged (that is not a torn write), and when
 * the signed head covers the torn line's position: a line that was whole when its head was signed and is
 * broken now was damaged afterwards, and removing it would destroy evidence. The agent must not be running.
 */
export async function repairTornLine(path: string, headPath = `${path}.head`): Promise<TornLineRepair> {
  const contents = await readAuditFile(path);
  const damaged = contents.unreadable[0];
  if (damaged)
    return {
      repaired: false,
      reason: `line ${damaged.line} (after entry ${damaged.afterSeq}) is damaged, which a crash does not do; the file is left as it is for inspection`,
    };
  const torn = contents.torn;
  if (!torn)
    return {
      repaired: false,
      reason: `the last line of ${path} is a whole entry: there is nothing to repair`,
    };
  const head = await readHeadFile(headPath);
  if (head === 'unreadable')
    return {
      repaired: false,
      reason: `the signed head ${headPath} cannot be read, so it cannot show that the torn line was never signed`,
    };
  if (head && head.seq > torn.afterSeq) {
    return {
      repaired: false,
      reason: `the signed head covers entry ${head.seq}, so line ${torn.line} was whole when it was signed: it was damaged afterwards, not torn by a crash`,
    };
  }
  const handle = await open(path, 'r+');
  try {
    const { size } = await handle.stat();
    await handle.truncate(torn.offset);
    await handle.sync();
    return { repaired: true, line: torn.line, bytes: size - torn.offset, afterSeq: torn.afterSeq };
  } finally {
    await handle.close();
  }
}
