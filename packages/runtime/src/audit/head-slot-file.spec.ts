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
    file.close();
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
});
