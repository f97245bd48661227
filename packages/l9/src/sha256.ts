import { createHash } from 'node:crypto';

/** Lower-case hex SHA-256: of a string's UTF-8 bytes, or of raw bytes. The one digest l9 writes and checks. */
export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
