import { writeSync } from 'node:fs';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BackendHealth } from '../backend-health';
import { parseAuditEntryLine, readAuditFileLines, tornLineMessage } from './audit-file-lines';
import type { AuditStore } from './audit-store';
import { signedAuditHeadSchema, type AuditEntry, type SignedAuditHead } from './audit-types';
import { AdaptiveDataFlush } from './adaptive-data-flush';
import { HeadSlotFile } from './head-slot-file';
import { readLastLine } from './read-last-line';

export interface FileAuditStoreOptions {
  /** JSON-lines file of entries; checkpoints go to `<path>.checkpoints`, the latest signed head to `<path>.head`. */
  path: string;
  /**
   * Flush every write to the disk (`fdatasync`: the data and the file size, which is all an append changes), so
   * an acknowledged entry survives a power loss. Off by default (slower).
   */
  fsync?: boolean;
  name?: string;
}

/**
 * Append-only JSON-lines store. Writes are serialized through one open handle per file.
 *
 * Durability: an append (or batch) resolves only after every byte of its lines was handed to the operating
 * system by `write`, so an acknowledged entry survives a crash of this process. The `write` itself is
 * synchronous, as pino's default destination is: copying a few kilobytes into the page cache takes
 * microseconds, while a thread-pool round trip per batch costs about ten times that in CPU on the packet path. Without `fsync` it can still
 * be lost to a power cut or kernel crash before the page cache is flushed; with `fsync` (what agents use for
 * `L9_AUDIT_FILE`) it resolves after the data reached the disk, flushed on the event loop's thread while the disk
 * is fast and in the thread pool while it is not (AdaptiveDataFlush). `AuditLog` group-commits, so either cost
 * is paid once per batch, not once per entry.
 *
 * Checkpoints are flushed like entries, before the append resolves; the signed head's flush follows it (below).
 *
 * The signed head lives in its own file (see HeadSlotFile: replaced by rename once, then rewritten in place as
 * one sector): whoever cuts the log's tail must also forge or roll back that file, and a rolled-back head is what
 * the witnesses of the published heads notice.
 */
export class FileAuditStore implements AuditStore {
  readonly kind = 'file' as const;
  readonly path: string;
  readonly location: string;
  readonly checkpointPath: string;
  readonly headPath: string;
  private readonly fsync: boolean;
  private readonly name: string;
  private readonly headFile: HeadSlotFile;
  /** The flush of entries and checkpoints, before an append resolves (see AdaptiveDataFlush). */
  private readonly dataFlush = new AdaptiveDataFlush();
  private handles?: Promise<{ entries: FileHandle; checkpoints: FileHandle }>;

  constructor(options: FileAuditStoreOptions) {
    this.path = options.path;
    this.location = options.path;
    this.checkpointPath = `${options.path}.checkpoints`;
    this.headPath = `${options.path}.head`;
    this.fsync = options.fsync ?? false;
    this.name = options.name ?? 'audit-log';
    this.headFile = new HeadSlotFile(this.headPath, this.fsync);
  }

  private open(): Promise<{ entries: FileHandle; checkpoints: FileHandle }> {
    this.handles ??= (async () => {
      await mkdir(dirname(this.path), { recursive: true });
      // 'a+' appends every write at the end and still allows reading the tail to find the head.
      const entries = await open(this.path, 'a+');
      const checkpoints = await open(this.checkpointPath, 'a+');
      return { entries, checkpoints };
    })();
    // A failed open (missing permissions, a file where a directory should be) is retried on the next call.
    this.handles.catch(() => {
      this.handles = undefined;
    });
    return this.handles;
  }

  async head(): Promise<AuditEntry | undefined> {
    const line = await readLastLine((await this.open()).entries);
    if (line === undefined) return undefined;
    const parsed = parseAuditEntryLine(line);
    if ('reason' in parsed)
      throw new Error(
        tornLineMessage(this.path, (await readAuditFileLines(this.path)).length, parsed.reason),
      );
    return parsed.entry;
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.write((await this.open()).entries, entry);
  }

  /** One write for the whole batch: group commit costs one system call (and one fsync) however many entries. */
  async appendBatch(entries: AuditEntry[]): Promise<void> {
    const handle = (await this.open()).entries;
    // Entries no head could be written for, or written after a failed flush, are not written either.
    if (this.headFile.failure) throw this.headFile.failure;
    if (this.dataFlush.failure) throw this.dataFlush.failure;
    // The handle is opened for appending, so every write lands at the end of the file.
    writeAll(handle, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    if (this.fsync) await this.dataFlush.flush(handle);
  }

  /** Any JSON line can be written, so a failed write is the file's fault (disk full, permissions), never an entry's. */
  isUnavailable(): boolean {
    return true;
  }

  async appendCheckpoint(checkpoint: SignedAuditHead): Promise<void> {
    await this.write((await this.open()).checkpoints, checkpoint);
  }

  private async write(handle: FileHandle, value: object): Promise<void> {
    if (this.dataFlush.failure) throw this.dataFlush.failure;
    writeAll(handle, `${JSON.stringify(value)}\n`);
    if (this.fsync) await this.dataFlush.flush(handle);
  }

  /** Every entry; a line that is not one fails the read, naming the file and line (and the repair of a torn last line). */
  async entries(): Promise<AuditEntry[]> {
    const lines = await readAuditFileLines(this.path);
    return lines.map(({ text, line }, index) => {
      const parsed = parseAuditEntryLine(text);
      if ('entry' in parsed) return parsed.entry;
      if (index === lines.length - 1) throw new Error(tornLineMessage(this.path, line, parsed.reason));
      throw new Error(`audit file ${this.path}, line ${line}: ${parsed.reason} (damaged or edited)`);
    });
  }

  async checkpoints(): Promise<SignedAuditHead[]> {
    return (await readAuditFileLines(this.checkpointPath)).map(({ text, line }) =>
      parseHead(text, `${this.checkpointPath}, line ${line}`),
    );
  }

  async signedHead(): Promise<SignedAuditHead | undefined> {
    const read = () =>
      readFile(this.headPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
    const text = await read();
    if (text === undefined) return undefined;
    try {
      return parseHead(text, this.headPath);
    } catch (error) {
      // A read that overlapped an in-place write of the head can see part of each; the file is whole again after it.
      const again = await read();
      if (again === undefined || again === text) throw error;
      return parseHead(again, this.headPath);
    }
  }

  /**
   * The head file is always whole: see HeadSlotFile. Resolves once the head is in the file; with `fsync` its flush
   * to the disk follows in the background (the entries it covers are on the disk already: AuditLog writes a head
   * only after they are), and `close()` waits for it.
   */
  async saveSignedHead(head: SignedAuditHead): Promise<void> {
    await this.open();
    await this.headFile.write(JSON.stringify(head));
  }

  async health(): Promise<BackendHealth> {
    try {
      await (await this.open()).entries.stat();
      if (this.headFile.failure) throw this.headFile.failure;
      if (this.dataFlush.failure) throw this.dataFlush.failure;
      return { name: this.name, kind: 'file', status: 'up', detail: this.path };
    } catch (error) {
      return { name: this.name, kind: 'file', status: 'down', detail: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    const handles = this.handles;
    this.handles = undefined;
    try {
      await this.headFile.close();
    } finally {
      if (handles) {
        const { entries, checkpoints } = await handles;
        await Promise.all([entries.close(), checkpoints.close()]);
      }
    }
  }
}

/** `write` may write less than asked; finish the rest, so a line is never left half written. */
function writeAll(handle: FileHandle, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < buffer.length;)
    offset += writeSync(handle.fd, buffer, offset, buffer.length - offset);
}

function parseHead(text: string, where: string): SignedAuditHead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`audit file ${where}: not valid JSON (damaged or edited)`);
  }
  const parsed = signedAuditHeadSchema.safeParse(value);
  if (!parsed.success)
    throw new Error(
      `audit file ${where}: not a signed audit head (damaged, edited or written before signed heads)`,
    );
  return parsed.data;
}
