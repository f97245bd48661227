import type { ChildProcess } from 'node:child_process';

/** The next IPC message of `child` that `pick` accepts; rejects on an `{ error }` message or an early exit. */
export function nextMessage<T>(
  child: ChildProcess,
  what: string,
  pick: (message: Record<string, unknown>) => T | undefined,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (typeof message['error'] === 'string')
        return finish(() => reject(new Error(`${what}: ${message['error']}`)));
      const value = pick(message);
      if (value !== undefined) finish(() => resolve(value));
    };
    const onExit = (code: number | null) =>
      finish(() => reject(new Error(`${what}: process exited with code ${code}`)));
    const finish = (settle: () => void) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Asks `child` one question and waits for the answer `pick` finds. */
export function ask<T>(
  child: ChildProcess,
  what: string,
  question: object,
  pick: (message: Record<string, unknown>) => T | undefined,
): Promise<T> {
  const answer = nextMessage(child, what, pick);
  child.send(question);
  return answer;
}

/** Closes a server child and waits for it to exit. */
export async function closeChild(child: ChildProcess | undefined): Promise<void> {
  if (!child?.connected) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send({ close: true });
  await exited;
}
