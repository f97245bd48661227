import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Replaces `path` with `text` so that a crash leaves the old file or the new one, whole: the text is written to
 * `aside`, fsync'd, renamed over `path`, and the directory is fsync'd, since a rename is durable only once the
 * directory that records it is flushed. `fsync: false` skips both flushes (tests).
 */
export async function replaceFile(path: string, text: string, aside: string, fsync = true): Promise<void> {
  const handle = await open(aside, 'w');
  try {
    await handle.writeFile(text);
    if (fsync) await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(aside, path);
  if (!fsync) return;
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
