/** Polls `condition` until it holds; fails with `what` after `attempts` polls (a hang guard, not a timing assertion). */
export async function waitFor(
  what: string,
  condition: () => Promise<boolean> | boolean,
  attempts = 400,
  intervalMs = 25,
): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await condition()) return;
    await sleep(intervalMs);
  }
  throw new Error(`gave up waiting for ${what}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}
