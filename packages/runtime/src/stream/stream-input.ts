import { copyJsonObject } from '../memory/json-value';
import type { MessageBody } from './event-stream';

export class StreamValidationError extends Error {
  override readonly name = 'StreamValidationError';
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/** Topic, group and consumer names end up in Redis keys and commands, so they share one safe alphabet. */
export function checkName(kind: 'topic' | 'group' | 'consumer', value: unknown): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw new StreamValidationError(
      `event stream ${kind} "${String(value)}": use letters, digits and . _ : - (at most 200)`,
    );
  }
  return value;
}

export function checkBody(body: unknown): MessageBody {
  try {
    return copyJsonObject(body, 'event stream message');
  } catch (error) {
    throw new StreamValidationError((error as Error).message);
  }
}

/** Resolves when `work` settles or `stop` fires, whichever is first; `work`'s outcome only counts if it came first. */
export async function unlessStopped(
  work: Promise<void>,
  stop: Promise<void>,
): Promise<'done' | 'failed' | 'stopped'> {
  return Promise.race([
    work.then(
      () => 'done' as const,
      () => 'failed' as const,
    ),
    stop.then(() => 'stopped' as const),
  ]);
}
