import type { MessageBody } from './event-stream';
import { checkBody } from './stream-input';

/**
 * The copy `checkBody` makes of a message body (its JSON text parsed back), without the text for the bodies the
 * runtime publishes on every packet and audit head: plain records whose members are strings, booleans, nulls or
 * finite numbers, for which that round trip is a shallow copy that drops `undefined` members. Any other body
 * (nested values, `-0`, which JSON turns into `0`, a `__proto__` member, a class instance, a getter that throws)
 * goes through `checkBody` itself, so what is stored and what is refused stay exactly as before.
 */
export function copyMessageBody(body: unknown): MessageBody {
  return copyOfFlatRecord(body) ?? checkBody(body);
}

function copyOfFlatRecord(body: unknown): MessageBody | undefined {
  if (typeof body !== 'object' || body === null || Object.getPrototypeOf(body) !== Object.prototype)
    return undefined;
  const record = body as Record<string, unknown>;
  const copy: MessageBody = {};
  try {
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (value === undefined) continue;
      if (key === '__proto__' || !isFlatJsonValue(value)) return undefined;
      copy[key] = value;
    }
  } catch {
    return undefined;
  }
  return copy;
}

function isFlatJsonValue(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    default:
      return value === null;
  }
}
