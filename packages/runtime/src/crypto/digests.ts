import * as crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** A key as callers hold it: the configured secret text, or raw bytes. */
export type HmacKey = string | Buffer;

// `crypto.hash` (Node ≥ 20.12) hashes in one call without building a Hash object: about half the cost for the
// short texts of the packet path. Older runtimes take the streaming API.
const oneShotHash = (
  crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }
).hash;

/** Lower-case hex SHA-256 of the UTF-8 bytes of a text, or of raw bytes (a file as read from disk, a DER key). */
export function sha256Hex(content: string | Uint8Array): string {
  if (oneShotHash) return oneShotHash('sha256', content, 'hex');
  const hash = crypto.createHash('sha256');
  return (typeof content === 'string' ? hash.update(content, 'utf8') : hash.update(content)).digest('hex');
}

// A string key is re-encoded and imported by every `createHmac` call; an imported KeyObject is not. An agent uses
// a handful of keys (its packet secret, its audit key) for its whole life, so the imports are kept. The bound only
// protects a process that is handed an unbounded stream of distinct keys.
const MAX_CACHED_KEYS = 16;
const importedKeys = new Map<string, KeyObject>();

function keyObject(key: HmacKey): KeyObject | Buffer {
  if (typeof key !== 'string') return key;
  let imported = importedKeys.get(key);
  if (!imported) {
    if (importedKeys.size >= MAX_CACHED_KEYS) importedKeys.clear();
    imported = crypto.createSecretKey(Buffer.from(key, 'utf8'));
    importedKeys.set(key, imported);
  }
  return imported;
}

/** HMAC-SHA256 of the UTF-8 bytes of `text`, as raw bytes. */
export function hmacSha256(key: HmacKey, text: string): Buffer {
  return crypto.createHmac('sha256', keyObject(key)).update(text, 'utf8').digest();
}

/** HMAC-SHA256 of the UTF-8 bytes of `text`, as lower-case hex. */
export function hmacSha256Hex(key: HmacKey, text: string): string {
  return crypto.createHmac('sha256', keyObject(key)).update(text, 'utf8').digest('hex');
}
