/**
 * What `run` reports through `emit`, as an async iterator yielding each value as soon as it is emitted (Nx
 * completes a batch's task when the batch yields it). Ends when `run` settles, throwing what it threw.
 */
export async function* asTheyCome<T>(run: (emit: (value: T) => void) => Promise<void>): AsyncGenerator<T> {
  const queue: T[] = [];
  let wake: (() => void) | undefined;
  let settled = false;
  const work = run((value) => {
    queue.push(value);
    wake?.();
  }).finally(() => {
    settled = true;
    wake?.();
  });
  // Keeps a rejection from being reported as unhandled before it is awaited below.
  work.catch(() => undefined);
  for (;;) {
    if (queue.length > 0) {
      yield queue.shift()!;
      continue;
    }
    if (settled) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  await work;
}
