import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdaptiveDataFlush, type FlushableFile } from './adaptive-data-flush';

/** A file the substituted flushes never touch. */
const FILE: FlushableFile = { fd: 3, datasync: async () => undefined };

/** A disk whose flushes take `latencyMs` of the test's clock, recording where each ran. */
function disk(initialLatencyMs: number) {
  let clock = 0;
  const disk = {
    latencyMs: initialLatencyMs,
    where: [] as Array<'loop' | 'pool'>,
    advance: (ms: number) => (clock += ms),
    flush: new AdaptiveDataFlush({
      slowMs: 1,
      probeIntervalMs: 1_000,
      now: () => clock,
      flushHere: () => {
        disk.where.push('loop');
        clock += disk.latencyMs;
      },
      flushInPool: async () => {
        disk.where.push('pool');
      },
    }),
  };
  return disk;
}

describe('AdaptiveDataFlush', () => {
  it('waits for a fast disk on the event loop, every time', async () => {
    const fast = disk(0.15);
    for (let i = 0; i < 50; i += 1) await fast.flush.flush(FILE);
    expect(new Set(fast.where)).toEqual(new Set(['loop']));
  });

  it('hands the flushes of a slow disk to the thread pool after one, and waits for one a second to see whether it got fast', async () => {
    const slow = disk(20);
    await slow.flush.flush(FILE);
    for (let i = 0; i < 10; i += 1) {
      slow.advance(10);
      await slow.flush.flush(FILE);
    }
    expect(slow.where).toEqual(['loop', ...Array(10).fill('pool')]);
    // A second after the last flush waited for: a probe, still slow, so back to the pool.
    slow.advance(1_000);
    await slow.flush.flush(FILE);
    await slow.flush.flush(FILE);
    expect(slow.where.slice(-2)).toEqual(['loop', 'pool']);
  });

  it('returns to the loop once probes find the disk fast again', async () => {
    const recovering = disk(20);
    await recovering.flush.flush(FILE);
    recovering.latencyMs = 0.1;
    const where = () => recovering.where.at(-1);
    let probes = 0;
    while (probes < 20) {
      recovering.advance(1_000);
      await recovering.flush.flush(FILE);
      probes += 1;
      if (!recovering.flush.onLoop) continue;
      break;
    }
    expect(where()).toBe('loop');
    // A handful of fast probes bring the average under the threshold; from then on every flush is on the loop.
    expect(probes).toBeLessThan(10);
    recovering.where.length = 0;
    for (let i = 0; i < 5; i += 1) await recovering.flush.flush(FILE);
    expect(recovering.where).toEqual(Array(5).fill('loop'));
  });

  it('rejects when the flush fails, on the loop or in the pool, and counts the failure’s time', async () => {
    let clock = 0;
    const failing = new AdaptiveDataFlush({
      now: () => clock,
      flushHere: () => {
        clock += 50;
        throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
      },
      flushInPool: () => Promise.reject(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' })),
    });
    await expect(failing.flush(FILE)).rejects.toThrow('EIO');
    expect(failing.onLoop).toBe(false);
    await expect(failing.flush(FILE)).rejects.toThrow('EIO');
    // The first failure is kept: a flush that would succeed now is not tried, as the pages may be gone.
    expect(failing.failure?.message).toBe('EIO: i/o error, fdatasync');
    let tried = false;
    const kept = new AdaptiveDataFlush({
      flushHere: () => {
        if (!tried) throw new Error('EIO: i/o error, fdatasync');
        tried = true;
      },
    });
    await expect(kept.flush(FILE)).rejects.toThrow('EIO');
    tried = true;
    await expect(kept.flush(FILE)).rejects.toThrow('EIO');
  });

  it('flushes a real file with the defaults, on the loop and in the pool', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'l9-flush-'));
    try {
      const file = join(dir, 'data');
      const handle = await open(file, 'a');
      await handle.write('one\n');
      await new AdaptiveDataFlush().flush(handle);
      await handle.write('two\n');
      // A threshold no flush can meet: the first is still waited for, the next goes to the pool.
      const pooled = new AdaptiveDataFlush({ slowMs: -1 });
      await pooled.flush(handle);
      expect(pooled.onLoop).toBe(false);
      await pooled.flush(handle);
      const { fd } = handle;
      await handle.close();
      expect(readFileSync(file, 'utf8')).toBe('one\ntwo\n');
      const closed = new AdaptiveDataFlush();
      await expect(closed.flush({ fd, datasync: async () => undefined })).rejects.toThrow(/EBADF/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
