import type { AuditStore } from './audit-store';
import type { AuditEntry } from './audit-types';

/**
 * Persists `entries` in order and says how many made it: all of them, or a prefix plus the error that stopped
 * the rest. Uses the store's all-or-none `appendBatch` when it has one (also for a single entry: one code path, one write), else one `append` per entry.
 */
export async function writeEntries(
  store: AuditStore,
  entries: AuditEntry[],
): Promise<{ written: number; error?: unknown }> {
  if (store.appendBatch) {
    try {
      await store.appendBatch(entries);
      return { written: entries.length };
    } catch (error) {
      return { written: 0, error };
    }
  }
  for (let index = 0; index < entries.length; index += 1) {
    try {
      await store.append(entries[index]);
    } catch (error) {
      return { written: index, error };
    }
  }
  return { written: entries.length };
}
