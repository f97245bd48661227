import { closeSync, constants, fdatasync, fstatSync, openSync, statSync, writeSync } from 'node:fs';
import { replaceFile } from './replace-file';

/**
 * Largest text written over the file in place: one 512-byte sector at offset 0, which a disk writes whole or
 * not at all (PostgreSQL keeps pg_control under 512 bytes and rewrites it in place for the same reason).
 */
export const HEAD_SLOT_BYTES = 512;

/**
 * A small file (the audit log's signed head) replaced on every group commit. The first write after opening,
 * and any text longer than a sector, go through `replaceFile` (temporary file, fsync, rename, directory fsync);
 * every later write overwrites the file's one padded sector in place and flushes it with one `fdatasync`, which
 * needs no journal commit since the file's size does not change. That is one durable write per head instead of
 * the eight file-system calls and three flushes of a replacement, on the path of every audited request.
 *
 * The file still always reads as one whole JSON line (the text, padded with spaces to the sector). Before each
 * in-place write the path is checked to still name the open file: a head file deleted or replaced behind the
 * log's back (a rollback) is written anew by replacement, as before, instead of into the unlinked old file.
 */
export class HeadSlotFile {
  private slot?: { fd: number; dev: number; ino: number };

  constructor(
    readonly path: string,
    private readonly fsync: boolean,
  ) {}

  /** Replaces the file's contents with `text` (one line, without its newline); resolves once durable. */
  async write(text: string): Promise<void> {
    const padded = padToSlot(text);
    if (padded && this.slot && this.stillOpenAtPath(this.slot)) {
      const { fd } = this.slot;
      for (let offset = 0; offset < padded.length;)
        offset += writeSync(fd, padded, offset, padded.length - offset, offset);
      if (this.fsync)
        await new Promise<void>((resolve, reject) =>
          fdatasync(fd, (error) => (error ? reject(error) : resolve())),
        );
      return;
    }
    this.close();
    await replaceFile(
      this.path,
      padded ? padded.toString('utf8') : `${text}\n`,
      `${this.path}.${process.pid}.tmp`,
      this.fsync,
    );
    if (padded) this.openSlot();
  }

  close(): void {
    if (!this.slot) return;
    closeSync(this.slot.fd);
    this.slot = undefined;
  }

  private openSlot(): void {
    const fd = openSync(this.path, constants.O_RDWR);
    const { dev, ino } = fstatSync(fd);
    this.slot = { fd, dev, ino };
  }

  private stillOpenAtPath(slot: { dev: number; ino: number }): boolean {
    const current = statSync(this.path, { throwIfNoEntry: false });
    return (
      current !== undefined &&
      current.dev === slot.dev &&
      current.ino === slot.ino &&
      current.size === HEAD_SLOT_BYTES
    );
  }
}

/** `text` and a newline padded with spaces to exactly one slot (JSON ignores the spaces), or undefined if it does not fit. */
function padToSlot(text: string): Buffer | undefined {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes + 1 > HEAD_SLOT_BYTES) return undefined;
  const slot = Buffer.alloc(HEAD_SLOT_BYTES, 0x20);
  slot.write(text, 0, 'utf8');
  slot[HEAD_SLOT_BYTES - 1] = 0x0a;
  return slot;
}
