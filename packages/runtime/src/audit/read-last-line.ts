import type { FileHandle } from 'node:fs/promises';

const CHUNK = 64 * 1024;

/**
 * Last non-empty line of a file, read backwards in chunks so reopening a large log does not read all of it.
 */
export async function readLastLine(handle: FileHandle): Promise<string | undefined> {
  const { size } = await handle.stat();
  let end = size;
  let tail = Buffer.alloc(0);
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    const chunk = Buffer.alloc(end - start);
    await handle.read(chunk, 0, chunk.length, start);
    tail = Buffer.concat([chunk, tail]);
    end = start;
    const text = tail.toString('utf8').replace(/\n+$/, '');
    const newline = text.lastIndexOf('\n');
    if (newline >= 0) return text.slice(newline + 1);
    if (end === 0) return text.length > 0 ? text : undefined;
  }
  return undefined;
}
