import { closeSync, constants, fdatasync, fstatSync, openSync, statSync, writeSync } from 'node:fs';
import { replaceFile } from './replace-file';

/**
 * Largest text written over the file in place: one 512-byte sector at offset 0, which a disk writes whole or
 * not at all (PostgreSQL keeps pg_control under 512 bytes and rewrites it in place for the same reason).
 */
export const HEAD_SLOT_BYTES = 512;

/** The least time between two background flushes of the head file (see HeadSlotFile). */
const HEAD_FLUSH_INTERVAL_MS = 20;

/**
 * A small file (the audit log's signed head) replaced on every group commit. The first write after opening,
 * and any text longer than a sector, go through `replaceFile` (temporary file, fsync, rename, directory fsync);
 * every later write overwrites the file's one padded sector in place, which needs no journal commit since the
 * file's size does not change.
 *
 * An in-place write resolves once the text is in the file: every reader sees it and a crash of this process
 * cannot lose it. With `fsync` its flush to the disk (one `fdatasync`) follows in the background, one at a time,
 * a flush covering every write made before it started, and at most one every `HEAD_FLUSH_INTERVAL_MS`: under load
 * the log writes a head per group commit, a thousand a second, and a flush costs some 150 µs of CPU (mostly in
 * the kernel) that the answers would pay for, while the disk's head then lags the file's by at most the interval
 * and one flush. `durable()` (and `close()`) flush at once and wait. The log only writes a head
 * after the entries it covers are on the disk, so the disk never holds a head ahead of its entries; after a
 * power cut it may hold an older head, and reopening the log signs the entries after it (see AuditLog.open).
 * A failed flush is kept and thrown by every later write: after a failed `fdatasync` the kernel may have dropped
 * the pages it could not write, so nothing more is acknowledged on this file.
 *
 * The file still always reads as one whole JSON line (the text, padded with spaces to the sector). Before each
 * in-place write the path is checked to still name the open file: a head file deleted or replaced behind the
 * log's back (a rollback) is written anew by replacement, as before, instead of into the unlinked old file.
 */ export class HeadSlotFile {
  private slot?: { fd: number; dev: number; ino: number };
  /** The background flushes running now, and whether a write came after the last one started (and needs another). */
  private flushing?: Promise<void>;
  private flushAgain = false;
  private flushFailure?: Error;
  /** Ends the wait before the next flush, and says not to wait again: what `durable()` uses to flush at once. */
  private endPause?: () => void;
  private hurry = false;

  constructor(
    readonly path: string,
    private readonly fsync: boolean,
    /** How an in-place write is flushed to the disk (`fdatasync`; a spec holds or fails it). */
    private readonly flushToDisk: (fd: number) => Promise<void> = datasync,
    private readonly flushIntervalMs = HEAD_FLUSH_INTERVAL_MS,
  ) {}

  /** Replaces the file's contents with `text` (one line, without its newline); resolves once it is in the file. */
  async write(text: string): Promise<void> {
    if (this.flushFailure) throw this.flushFailure;
    const padded = padToSlot(text);
    if (padded && this.slot && this.stillOpenAtPath(this.slot)) {
      const { fd } = this.slot;
      for (let offset = 0; offset < padded.length;)
        offset += writeSync(fd, padded, offset, padded.length - offset, offset);
      if (this.fsync) this.flushInBackground(fd);
      return;
    }
    // A replacement is flushed before it resolves; an in-place flush still running is for the old file.
    await this.durable();
    this.closeSlot();
    await replaceFile(
      this.path,
      padded ? padded.toString('utf8') : `${text}\n`,
      `${this.path}.${process.pid}.tmp`,
      this.fsync,
    );
    if (padded) this.openSlot();
  }

  /** Why this file takes no more writes: its last background flush failed. */
  get failure(): Error | undefined {
    return this.flushFailure;
  }

  /** Resolves once every write so far is on the disk (at once without `fsync`); rejects if a flush failed. */
  async durable(): Promise<void> {
    while (this.flushing) {
      this.hurry = true;
      this.endPause?.();
      await this.flushing;
    }
    if (this.flushFailure) throw this.flushFailure;
  }

  /** Closes the file once the writes made so far are on the disk. */
  async close(): Promise<void> {
    try {
      await this.durable();
    } finally {
      this.closeSlot();
    }
  }

  private flushInBackground(fd: number): void {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = (async () => {
      try {
        do {
          this.flushAgain = false;
          const started = performance.now();
          await this.flushToDisk(fd);
          if (this.flushAgain) await this.pause(this.flushIntervalMs - (performance.now() - started));
        } while (this.flushAgain);
      } catch (error) {
        this.flushFailure = new Error(
          `audit head file ${this.path}: flush to disk failed (${(error as Error).message}); no further entry is acknowledged until the agent restarts`,
        );
      } finally {
        this.flushing = undefined;
        this.hurry = false;
      }
    })();
  }

  /** Waits `ms` (none when not positive), or less when `durable()` asks for the flush now. */
  private pause(ms: number): Promise<void> {
    if (ms <= 0 || this.hurry) return Promise.resolve();
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.endPause = undefined;
        resolve();
      };
      // Unreferenced: a pending flush of the head does not keep the process alive (the text is in the file).
      const timer = setTimeout(end, ms).unref();
      this.endPause = end;
    });
  }

  private closeSlot(): void {
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

function datasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
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
