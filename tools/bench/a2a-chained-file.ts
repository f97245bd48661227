import { createHmac } from 'node:crypto';
import { closeSync, fdatasync, openSync, writeSync } from 'node:fs';

/**
 * The least a durable, tamper-evident append must do, as the benchmarks' references do it: each record becomes one
 * line carrying the HMAC of the previous line's hash and the record, appended to a file and flushed with
 * `fdatasync` before its promise resolves. Lines that arrive during a flush share the next one (group commit, as
 * an audit log does). No signed head, no checkpoints, no verification on open.
 */
export class ChainedFile {
  private readonly fd: number;
  private previous = '0'.repeat(64);
  private pending: { line: string; done: () => void; failed: (error: Error) => void }[] = [];
  private syncing = false;
  /** Lines flushed so far. */
  written = 0;

  constructor(
    path: string,
    private readonly key: string,
  ) {
    this.fd = openSync(path, 'a');
  }

  append(record: object): Promise<void> {
    return new Promise<void>((done, failed) => {
      const body = JSON.stringify(record);
      this.previous = createHmac('sha256', this.key).update(`${this.previous}\n${body}`).digest('hex');
      this.pending.push({ line: `{"hash":"${this.previous}","record":${body}}\n`, done, failed });
      this.flush();
    });
  }

  close(): void {
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.syncing || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.syncing = true;
    writeSync(this.fd, batch.map((entry) => entry.line).join(''));
    fdatasync(this.fd, (error) => {
      this.syncing = false;
      for (const entry of batch) {
        if (error) entry.failed(error);
        else entry.done();
      }
      this.written += error ? 0 : batch.length;
      this.flush();
    });
  }
}
