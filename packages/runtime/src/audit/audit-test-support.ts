import { AuditLog } from './audit-log';
import { ephemeralAuditSigningKey } from './audit-signing-key';
import type { AuditStore } from './audit-store';

/** Shared by the audit specs: a deterministic clock and a log filled with `count` entries. */
export const TEST_KEY = 'audit-test-key-0123456789';

/** One signing key for a whole spec file, so a log reopened in a test is checked against the key that wrote it. */
export const TEST_SIGNING_KEY = ephemeralAuditSigningKey();

/** The keys a verifier needs for logs written with TEST_KEY and TEST_SIGNING_KEY. */
export const TEST_VERIFY_KEYS = { hmacKey: TEST_KEY, publicKey: TEST_SIGNING_KEY.publicKey };

export function steppingClock(start = Date.parse('2025-06-01T00:00:00.000Z')): () => Date {
  let now = start;
  return () => new Date((now += 1000));
}

export async function fillLog(store: AuditStore, count: number, checkpointEvery = 5): Promise<AuditLog> {
  const log = await AuditLog.open({
    store,
    key: TEST_KEY,
    signingKey: TEST_SIGNING_KEY,
    checkpointEvery,
    clock: steppingClock(),
  });
  for (let index = 1; index <= count; index++) {
    await log.append({
      agent: 'tensoraios',
      action: 'score',
      subject: `packet-${index}`,
      data: { index, confidence: index / 10, tags: ['a', 'b'] },
    });
  }
  return log;
}
