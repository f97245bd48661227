import { mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEAD_SLOT_BYTES, HeadSlotFile } from './head-slot-file';

describe('HeadSlotFile', () => {
  let dir: string;
  let path: string;
  let file: HeadSlotFile;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'l9-head-slot-'));
    path = join(dir, 'audit.jsonl.head');
    file = new HeadSlotFile(path, true);
  });

  afterEach(async () => {
    await file.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each text as one whole JSON line padded to a sector, in the same file after the first write', async () => {
    await file.write(JSON.stringify({ seq: 1 }));
    const first = await stat(path);
    await file.write(JSON.stringify({ seq: 22, note: 'longer than the first' }));
    await file.write(JSON.stringify({ seq: 3 }));
    const text = await readFile(path, 'utf8');
    expect(JSON.parse(text)).toEqual({ seq: 3 });
    expect(text).toHaveLength(HEAD_SLOT_BYTES);
    expect(text.split('\n')).toEqual([expect.stringMatching(/^\{"seq":3\} +$/), '']);
    expect((await stat(path)).ino).toBe(first.ino);
    expect(await readdir(dir)).toEqual(['audit.jsonl.head']);
  });

  it('writes anew by replacement when the file was rolled back or deleted behind its back', async () => {
    await file.write(JSON.stringify({ seq: 1 }));
    await file.write(JSON.stringify({ seq: 2 }));
    await writeFile(join(dir, 'old'), JSON.stringify({ seq: 1 }));
    await rename(join(dir, 'old'), path);
    await file.write(JSON.stringify({ seq: 3 }));
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ seq: 3 });
    await rm(path);
    await file.write(JSON.stringify({ seq: 4 }));
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ seq: 4 });
    await file.write(JSON.stringify({ seq: 5 }));
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ seq: 5 });
  });

  it('replaces the file whole for a text longer than a sector, and goes back to the sector after it', async () => {
    const long = JSON.stringify({ seq: 1, log: 'x'.repeat(HEAD_SLOT_BYTES) });
    await file.write(long);
    expect(await readFile(path, 'utf8')).toBe(`${long}\n`);
    await file.write(JSON.stringify({ seq: 2 }));
    await file.write(JSON.stringify({ seq: 3 }));
    const text = await readFile(path, 'utf8');
    expect(JSON.parse(text)).toEqual({ seq: 3 });
    expect(text).toHaveLength(HEAD_SLOT_BYTES);
  });

  describe('flushing an in-place write behind it', () => {
    /** Flushes that wait until the spec releases or fails them, one at a time, in order. */
    function heldFlushes() {
      const held: { resolve(): void; reject(error: Error): void }[] = [];
      const flush = () => new Promise<void>((resolve, reject) => held.push({ resolve, reject }));
      return { held, flush };
    }
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

    it('resolves a write once it is in the file, and durable() once a flush that began after it is done', async () => {
      const { held, flush } = heldFlushes();
      const slot = new HeadSlotFile(join(dir, 'held.head'), true, flush);
      await slot.write(JSON.stringify({ seq: 1 })); // first write: a replacement, flushed before it resolves
      expect(held).toHaveLength(0);
      await slot.write(JSON.stringify({ seq: 2 }));
      expect(JSON.parse(await readFile(join(dir, 'held.head'), 'utf8'))).toEqual({ seq: 2 });
      expect(held).toHaveLength(1);
      // Two writes while that flush runs share one more flush after it.
      await slot.write(JSON.stringify({ seq: 3 }));
      await slot.write(JSON.stringify({ seq: 4 }));
      let durable = false;
      const done = slot.durable().then(() => (durable = true));
      held[0]!.resolve();
      await turn();
      expect(held).toHaveLength(2);
      expect(durable).toBe(false);
      held[1]!.resolve();
      await done;
      expect(held).toHaveLength(2);
      await slot.close();
    });

    it('starts the next flush no sooner than the interval after the last began, unless durable() asks for it', async () => {
      const { held, flush } = heldFlushes();
      const slot = new HeadSlotFile(join(dir, 'paced.head'), true, flush, 60_000);
      await slot.write(JSON.stringify({ seq: 1 }));
      await slot.write(JSON.stringify({ seq: 2 }));
      await slot.write(JSON.stringify({ seq: 3 }));
      held[0]!.resolve();
      for (let i = 0; i < 20; i += 1) await turn();
      // Written during the first flush, the second head waits out the interval...
      expect(held).toHaveLength(1);
      // ...unless someone needs it on the disk now.
      const done = slot.durable();
      await turn();
      expect(held).toHaveLength(2);
      held[1]!.resolve();
      await done;
      await slot.close();
    });

    it('refuses every write after a failed flush, naming the file, and durable() and close() report it', async () => {
      const { held, flush } = heldFlushes();
      const path2 = join(dir, 'failing.head');
      const slot = new HeadSlotFile(path2, true, flush);
      await slot.write(JSON.stringify({ seq: 1 }));
      await slot.write(JSON.stringify({ seq: 2 }));
      held[0]!.reject(new Error('EIO: i/o error'));
      await turn();
      const refused = /audit head file .*failing\.head: flush to disk failed \(EIO: i\/o error\)/;
      expect(slot.failure?.message).toMatch(refused);
      await expect(slot.write(JSON.stringify({ seq: 3 }))).rejects.toThrow(refused);
      expect(JSON.parse(await readFile(path2, 'utf8'))).toEqual({ seq: 2 });
      await expect(slot.durable()).rejects.toThrow(refused);
      await expect(slot.close()).rejects.toThrow(refused);
    });
  });
});
