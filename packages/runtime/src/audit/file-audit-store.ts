import { writeSync } from 'node:fs';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BackendHealth } from '../backend-health';
import type { AuditStore } from './audit-store';
import { auditCheckpointSchema, auditEntrySchema, type AuditCheckpoint, type AuditEntry } from './audit-types';
import { readLastLine } from './read-last-line';

export interface FileAuditStoreOptions {
  /** JSON-lines file of entries; checkpoints go to `<path>.checkpoints` next to it. */
  path: string;
  /** fsync after every write, so an acknowledged entry survives a power loss. Off by default (slower). */
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
 * `L9_AUDIT_FILE`) it resolves after the data reached the disk. `AuditLog` group-commits, so either cost is
 * paid once per batch, not once per entry.
 */
export class FileAuditStore implements AuditStore {
  readonly kind = 'file' as const;
  readonly path: string;
  readonly checkpointPath: string;
  private readonly fsync: boolean;
  private readonly name: string;
  private handles?: Promise<{ entries: FileHandle; checkpoints: FileHandle }>;

  constructor(options: FileAuditStoreOptions) {
    this.path = options.path;
    this.checkpointPath = `${options.path}.checkpoints`;
    this.fsync = options.fsync ?? false;
    this.name = options.name ?? 'audit-log';
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
    return line === undefined ? undefined : parseLine(line, auditEntrySchema, this.path, 'last line') as AuditEntry;
  }

  async lastCheckpoint(): Promise<AuditCheckpoint | undefined> {
    const line = await readLastLine((await this.open()).checkpoints);
    return line === undefined ? undefined : parseLine(line, auditCheckpointSchema, this.checkpointPath, 'last line');
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.write((await this.open()).entries, entry);
  }

  /** One write for the whole batch: group commit costs one system call (and one fsync) however many entries. */
  async appendBatch(entries: AuditEntry[]): Promise<void> {
    const handle = (await this.open()).entries;
    // The handle is opened for appending, so every write lands at the end of the file.
    writeAll(handle, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    if (this.fsync) await handle.sync();
  }

  async appendCheckpoint(checkpoint: AuditCheckpoint): Promise<void> {
    await this.write((await this.open()).checkpoints, checkpoint);
  }

  private async write(handle: FileHandle, value: object): Promise<void> {
    writeAll(handle, `${JSON.stringify(value)}\n`);
    if (this.fsync) await handle.sync();
  }

  async entries(): Promise<AuditEntry[]> {
    return (await readLines(this.path)).map(
      ({ text, line }) => parseLine(text, auditEntrySchema, this.path, `line ${line}`) as AuditEntry,
    );
  }

  async checkpoints(): Promise<AuditCheckpoint[]> {
    return (await readLines(this.checkpointPath)).map(({ text, line }) =>
      parseLine(text, auditCheckpointSchema, this.checkpointPath, `line ${line}`),
    );
  }

  async health(): Promise<BackendHealth> {
    try {
      await (await this.open()).entries.stat();
      return { name: this.name, kind: 'file', status: 'up', detail: this.path };
    } catch (error) {
      return { name: this.name, kind: 'file', status: 'down', detail: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    const handles = this.handles;
    this.handles = undefined;
    if (!handles) return;
    const { entries, checkpoints } = await handles;
    await Promise.all([entries.close(), checkpoints.close()]);
  }
}

/** `write` may write less than asked; finish the rest, so a line is never left half written. */
function writeAll(handle: FileHandle, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < buffer.length; ) offset += writeSync(handle.fd, buffer, offset, buffer.length - offset);
}

async function readLines(path: string): Promise<{ text: string; line: number }[]> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return content
    .split('\n')
    .map((text, index) => ({ text, line: index + 1 }))
    .filter(({ text }) => text.trim().length > 0);
}

function parseLine<T>(
  text: string,
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { message: string } } },
  path: string,
  where: string,
): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`audit file ${path}, ${where}: not valid JSON (a torn write or an edit)`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`audit file ${path}, ${where}: not an audit record: ${parsed.error.message}`);
  return parsed.data;
}
