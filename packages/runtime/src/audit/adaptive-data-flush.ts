import { fdatasyncSync } from 'node:fs';

/** A flush slower than this on average (ms) is handed to the thread pool instead of waited for on the event loop. */
export const SLOW_FLUSH_MS = 1;
/** While flushes go to the thread pool, one in this many milliseconds is waited for again, to notice a fast disk. */
export const FLUSH_PROBE_INTERVAL_MS = 1_000;
/** Weight of the newest waited-for flush in the running average. */
const NEWEST_WEIGHT = 0.25;

/** What is flushed: an open file, as `fs/promises` hands it out (its own `datasync` runs in the thread pool). */
export interface FlushableFile {
  readonly fd: number;
  datasync(): Promise<void>;
}

export interface AdaptiveDataFlushOptions {
  slowMs?: number;
  probeIntervalMs?: number;
  now?: () => number;
  /** The flush waited for on the calling thread; `fdatasyncSync` of the file unless a test substitutes it. */
  flushHere?: (file: FlushableFile) => void;
  /** The flush handed to libuv's thread pool; the file's own `datasync` unless a test substitutes it. */
  flushInPool?: (file: FlushableFile) => Promise<void>;
}

/**
 * `fdatasync` of the audit file's group commits, on the event loop's own thread while the disk flushes fast, in
 * libuv's thread pool while it does not. Why: a flush handed to the pool costs the event loop a thread wake-up each
 * way, 25–35 µs of its time per flush on the 2-vCPU machines measured (more than the CPU the flush itself takes),
 * paid by every answer when a batch holds one or two entries; a fast disk's flush (~150 µs here) is mostly
 * waiting, during which the requests that arrive queue for the next batch. The running average of the flushes
 * waited for decides: above `slowMs` they go to the pool, so a slow disk holds the loop for one flush, not for every
 * one (a liveness probe still answers), and one flush every `probeIntervalMs` is waited for again to find out when
 * the disk is fast again. Either way the flush has finished before `flush` resolves, and a failed one rejects.
 * A failed flush is kept and rejects every later one (`failure`): after a failed `fdatasync` the kernel may have
 * dropped the pages it could not write, and a later flush of the same file can report success without them.
 */
export class AdaptiveDataFlush {
  private readonly slowMs: number;
  private readonly probeIntervalMs: number;
  private readonly now: () => number;
  private readonly flushHere: (file: FlushableFile) => void;
  private readonly flushInPool: (file: FlushableFile) => Promise<void>;
  private averageMs = 0;
  private nextProbeAt = 0;
  private failed?: Error;

  constructor(options: AdaptiveDataFlushOptions = {}) {
    this.slowMs = options.slowMs ?? SLOW_FLUSH_MS;
    this.probeIntervalMs = options.probeIntervalMs ?? FLUSH_PROBE_INTERVAL_MS;
    this.now = options.now ?? (() => performance.now());
    this.flushHere = options.flushHere ?? ((file) => fdatasyncSync(file.fd));
    // The handle's own datasync: its close() waits for it, so the descriptor cannot be closed and reused under it.
    this.flushInPool = options.flushInPool ?? ((file) => file.datasync());
  }

  /** The first flush that failed: nothing written to these files since can be acknowledged as on the disk. */
  get failure(): Error | undefined {
    return this.failed;
  }

  /** Whether the next flush is waited for on the calling thread. */
  get onLoop(): boolean {
    return this.averageMs <= this.slowMs || this.now() >= this.nextProbeAt;
  }

  async flush(file: FlushableFile): Promise<void> {
    if (this.failed) throw this.failed;
    try {
      await this.flushWhereFast(file);
    } catch (error) {
      this.failed ??= error instanceof Error ? error : new Error(String(error));
      throw error;
    }
  }

  private async flushWhereFast(file: FlushableFile): Promise<void> {
    if (!this.onLoop) return this.flushInPool(file);
    const started = this.now();
    try {
      this.flushHere(file);
    } finally {
      // A failed flush counts too: a disk that fails slowly is a slow disk.
      const tookMs = this.now() - started;
      this.averageMs = this.averageMs * (1 - NEWEST_WEIGHT) + tookMs * NEWEST_WEIGHT;
      this.nextProbeAt = this.now() + this.probeIntervalMs;
    }
  }
}
